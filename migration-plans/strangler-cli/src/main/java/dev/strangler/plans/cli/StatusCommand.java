package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strangler status}: which component runs, with which PID, and whether it is ready. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each component of the stack file's stack as its health URL answers: ready (whoever "
                + "started it), starting, stopped or not built. Exit 1 unless all built components are ready.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    private final Console console = Console.system();

    @Override
    public Integer call() {
        Stack stack = options.stack(console);
        console.line("stack " + stack.layout().stack().name() + " (" + stack.layout().stack().file() + ")");
        List<Stack.ComponentStatus> statuses = stack.status();
        console.table(List.of("COMPONENT", "STATE", "PID", "URL"), statuses.stream().map(status -> List.of(
                status.component().name(), status.state().name().toLowerCase().replace('_', ' '),
                status.pid().map(String::valueOf).orElse("-"), status.component().url())).toList());
        boolean embedded = stack.layout().embeddedPostgres();
        if (embedded) {
            console.line("postgres   " + stack.postgresPort().map(port -> "running on localhost:" + port)
                    .orElse("stopped"));
        }
        boolean allReady = (!embedded || stack.postgresPort().isPresent()) && statuses.stream()
                .allMatch(status -> status.state() == Stack.State.READY || status.state() == Stack.State.NOT_BUILT);
        return allReady ? 0 : StranglerCli.NO;
    }
}
