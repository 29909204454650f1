package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminTokens;
import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackLayout;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strangler up}: start what is not running, wait until it is healthy, say where everything is. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the stack the stack file describes: its embedded PostgreSQL (only where postgres.embedded "
                + "is true), the monolith and services that it names a jar or command for (together), then, once they "
                + "answer, the kit's engines (cdc-sync, the plan console and the proxy, together). Starts only what is not answering, so it also restarts a "
                + "component that died. Returns once everything is healthy."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    private final Console console = Console.system();

    @Override
    public Integer call() {
        Stack stack = options.stack(console);
        List<Component> failed = stack.up();
        StackLayout layout = stack.layout();
        AdminTokens tokens = new AdminTokens(layout.home());
        console.line("");
        console.table(List.of("COMPONENT", "URL", "NOTE"), stack.status().stream().map(status -> List.of(
                status.component().name(), status.component().url(), note(status, tokens))).toList());
        console.line("");
        if (layout.embeddedPostgres()) {
            console.line("PostgreSQL: localhost:" + layout.postgresPort() + ", data in " + layout.postgresData());
            for (String database : layout.databases()) {
                console.line("  psql -h localhost -p " + layout.postgresPort() + " -U postgres " + database);
            }
        }
        console.line("Logs: " + layout.logs());
        if (System.getenv(AdminTokens.ENGINE_SETTING) != null) {
            // It used to reach every engine; say so rather than change which token an engine takes in silence.
            console.line(AdminTokens.ENGINE_SETTING + " is set but passed to no engine: each takes its own ("
                    + String.join(", ", Stream.of(AdminTokens.Engine.values()).map(AdminTokens.Engine::variable)
                            .toList()) + ") or its token file.");
        }
        if (!failed.isEmpty()) {
            console.problem("Not ready: " + String.join(", ", failed.stream().map(Component::name).toList()));
            return StranglerCli.NO;
        }
        return 0;
    }

    private static String note(Stack.ComponentStatus status, AdminTokens tokens) {
        String state = status.state().name().toLowerCase().replace('_', ' ');
        return status.component().adminToken() == null ? state
                : state + ", admin token in " + tokens.location(status.component().adminToken());
    }
}
