package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.cli.output.Console;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code strangler route set <id> <mode>}: switch who answers one endpoint rule, at once, with a reason. */
@Command(name = "route", mixinStandardHelpOptions = true, description = "Change one endpoint rule.",
        subcommands = RouteCommand.Set.class)
final class RouteCommand {

    /** The modes the proxy knows; the proxy validates again, this only gives a clear usage error early. */
    enum Mode { MONOLITH, SERVICE, SHADOW, CANARY, HOLD }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Switch rule ID to MODE (MONOLITH, SERVICE, SHADOW, CANARY or HOLD) for every new request. "
                    + "HOLD answers 503 and returns once the rule's requests in flight have finished. "
                    + "The change is audited with your reason and survives a proxy restart.")
    static final class Set implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The rule id, e.g. customers-read.")
        String id;

        @Parameters(index = "1", paramLabel = "MODE", description = "MONOLITH, SERVICE, SHADOW, CANARY or HOLD.")
        Mode mode;

        @Option(names = "--percent", paramLabel = "N", description = "Share of callers for CANARY, 0 to 100.")
        Integer percent;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; kept in the audit log.")
        String reason;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who, for the audit log (default: $USER).")
        String actor = System.getenv().getOrDefault("USER", "cli");

        @Mixin
        ProxyOptions proxy;

        private final Console console = Console.system();

        @Override
        public Integer call() {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("mode", mode.name());
            if (percent != null) {
                change.put("percent", percent);
            }
            change.put("reason", reason);
            try {
                JsonNode rule = proxy.client().put("/admin/routes/" + id, change, actor);
                console.line(rule.path("id").asString() + " → " + rule.path("mode").asString()
                        + ("CANARY".equals(rule.path("mode").asString()) ? " " + rule.path("percent").asInt() + "%" : "")
                        + " (backend " + rule.path("backend").asString() + ")");
                return 0;
            }
            catch (AdminClient.AdminException ex) {
                console.problem(ex.getMessage());
                return StranglerCli.NO;
            }
        }
    }
}
