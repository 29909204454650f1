package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanStates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to reach both engines' admin APIs and where the plans are: what every plan command shares. */
final class EngineOptions {

    @Mixin
    ProxyOptions proxy;

    @Option(names = "--sync-admin", paramLabel = "URL",
            description = "cdc-sync's admin API (default: http://127.0.0.1:8090/, plus the port offset).")
    @Nullable URI syncAdminUrl;

    @Option(names = "--plans", paramLabel = "DIR",
            description = "Directory of plan files (default: migration-plans/plans of the repository).")
    @Nullable Path plansDirectory;

    @Option(names = "--monolith-classes", paramLabel = "DIR|JAR",
            description = "The monolith's compiled classes (a classes directory or a jar) for the archRulesClean gate;"
                    + " without it that gate is UNAVAILABLE.")
    @Nullable Path monolithClasses;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts, for the audit logs (default: $USER).")
    String actor = System.getenv().getOrDefault("USER", "strangler").replaceAll("[^A-Za-z0-9._@-]", "_");

    StackOptions stack() {
        return proxy.stack;
    }

    AdminClient syncClient() {
        Path tokenFile = Path.of("cdc-sync/admin-token");
        AdminTokens tokens = new AdminTokens(stack().layout().home());
        String token = tokens.of(tokenFile).orElseThrow(() -> new AdminClient.AdminException(401, "No cdc-sync admin "
                + "token: set STRANGLER_ADMIN_TOKEN or start cdc-sync (strangler up), which writes one to "
                + tokens.location(tokenFile)));
        return new AdminClient(syncAdminUrl != null ? syncAdminUrl : stack().layout().syncAdminUrl(), token);
    }

    Engines engines() {
        return new Engines(proxy.client(), syncClient());
    }

    PlanStates states() {
        return new PlanStates(stack().layout().plans());
    }

    PlanRunner runner() {
        return new PlanRunner(engines(), states(), actor, Clock.systemUTC(), monolithClasses);
    }

    Path plans() {
        if (plansDirectory != null) {
            return plansDirectory;
        }
        return defaultPlans(stack().repository);
    }

    static Path defaultPlans(Path repository) {
        Path inRepository = repository.resolve("migration-plans/plans");
        if (Files.isDirectory(inRepository)) {
            return inRepository;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("migration-plans/plans"))) {
                return dir.resolve("migration-plans/plans");
            }
        }
        return inRepository;
    }
}
