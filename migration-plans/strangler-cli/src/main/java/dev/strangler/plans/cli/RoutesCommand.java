package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.cli.output.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code strangler routes}: the proxy's endpoint rules and who answers each. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "List the proxy's endpoint rules in match order: methods, path, backend, mode and why.")
final class RoutesCommand implements Callable<Integer> {

    @Mixin
    ProxyOptions proxy;

    private final Console console = Console.system();

    @Override
    public Integer call() {
        try {
            JsonNode routes = proxy.client().get("/admin/routes");
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode rule : routes) {
                List<String> methods = new ArrayList<>();
                rule.path("methods").forEach(method -> methods.add(method.asString()));
                String mode = rule.path("mode").asString();
                if ("CANARY".equals(mode)) {
                    mode += " " + rule.path("percent").asInt() + "%";
                }
                rows.add(List.of(rule.path("id").asString(), String.join(",", methods), rule.path("path").asString(),
                        rule.path("backend").asString(), mode, rule.path("why").asString()));
            }
            console.table(List.of("RULE", "METHODS", "PATH", "BACKEND", "MODE", "WHY"), rows);
            return 0;
        }
        catch (AdminClient.AdminException ex) {
            console.problem(ex.getMessage());
            return StranglerCli.NO;
        }
    }
}
