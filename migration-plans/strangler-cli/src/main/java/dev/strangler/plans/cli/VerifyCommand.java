package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.runner.Engines;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler verify <pipeline>}: ask cdc-sync's verifier whether both sides of a pipeline agree. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare both sides of a sync pipeline row by row (cdc-sync's verifier) and print every "
                + "missing, extra and differing key with its columns. Exit 0 only when they are in sync.")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name, e.g. customers.")
    String pipeline;

    @Mixin
    EngineOptions engines;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Console console = PlanCommand.console(spec);
        Engines live = engines.engines();
        if (live.pipeline(pipeline).isEmpty()) {
            console.problem("cdc-sync has no pipeline named '" + pipeline + "'");
            return StranglerCli.NO;
        }
        Optional<Engines.Verification> verdict = live.verify(pipeline, engines.actor);
        if (verdict.isEmpty()) {
            console.problem("This cdc-sync has no verifier (POST /pipelines/" + pipeline + "/verify answered 404); "
                    + "update cdc-sync");
            return StranglerCli.NO;
        }
        Engines.Verification verification = verdict.get();
        verification.missing().forEach(key -> console.line("missing    " + key));
        verification.extra().forEach(key -> console.line("extra      " + key));
        verification.differing().forEach(key -> console.line("differing  " + key));
        verification.inFlight().forEach(key -> console.line("in flight  " + key + " (changed while comparing)"));
        console.line(pipeline + ": " + (verification.inSync() ? "in sync" : "NOT in sync") + " — "
                + verification.rowsCompared() + " rows compared, " + verification.missing().size() + " missing, "
                + verification.extra().size() + " extra, " + verification.differing().size() + " differing, in "
                + verification.tookMillis() + " ms");
        return verification.inSync() ? 0 : StranglerCli.NO;
    }
}
