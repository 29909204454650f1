package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanStates;
import dev.strangler.plans.stack.StackLayout;
import java.net.URI;
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
            description = "cdc-sync's admin API (default: the stack file's engines.sync.admin-port on 127.0.0.1, plus "
                    + "the port offset).")
    @Nullable URI syncAdminUrl;

    @Option(names = "--plans", paramLabel = "DIR",
            description = "Directory of plan files (default: the stack file's plans).")
    @Nullable Path plansDirectory;

    @Option(names = "--monolith-classes", paramLabel = "DIR|JAR",
            description = "The monolith's compiled classes (a classes directory or a jar) for the archRulesClean gate "
                    + "(default: the stack file's monolith.classes); without either that gate is UNAVAILABLE.")
    @Nullable Path monolithClasses;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts, for the audit logs (default: $USER).")
    String actor = System.getenv().getOrDefault("USER", "strangler").replaceAll("[^A-Za-z0-9._@-]", "_");

    StackOptions stack() {
        return proxy.stack;
    }

    /** A client of cdc-sync's admin API with cdc-sync's own token (and no other engine's). */
    AdminClient syncClient() {
        String token = new AdminTokens(stack().home()).require(AdminTokens.Engine.SYNC);
        return new AdminClient(syncAdminUrl != null ? syncAdminUrl : stack().layout().syncAdminUrl(), token);
    }

    Engines engines() {
        // Made on first use: a command reads the token of an engine only when it talks to that engine.
        return new Engines(proxy::client, this::syncClient);
    }

    PlanStates states() {
        return new PlanStates(stack().home().resolve("plans"));
    }

    PlanRunner runner() {
        return new PlanRunner(engines(), states(), actor, Clock.systemUTC(), monolithClasses());
    }

    /** The monolith's classes: {@code --monolith-classes}, else the stack file's, else none. */
    @Nullable Path monolithClasses() {
        if (monolithClasses != null || stack().stackFile().isEmpty()) {
            return monolithClasses;
        }
        return stack().layout().monolithClasses().orElse(null);
    }

    /** The plan files: {@code --plans}, else the stack file's {@code plans:} directory. */
    Path plans() {
        if (plansDirectory != null) {
            return plansDirectory;
        }
        StackLayout layout = stack().layout();
        return layout.planFiles().orElseThrow(() -> new IllegalArgumentException(layout.stack().file()
                + " names no 'plans:' directory; add one (strangler init writes plans/) or pass --plans DIR"));
    }
}
