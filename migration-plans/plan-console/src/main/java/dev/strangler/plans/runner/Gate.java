package dev.strangler.plans.runner;

import dev.strangler.plans.plan.Gates;
import dev.strangler.plans.runner.GateResult.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The gates of a phase decided against evidence gathered from the engines. Pure: the same evidence gives the same
 * decisions, so the logic is tested without engines.
 */
final class Gate {

    /**
     * What the engines said.
     *
     * @param sincePhase the proxy's counters since the phase was entered
     * @param pipeline the pipeline, or null when cdc-sync has none of the plan's name
     * @param verification the verifier's verdict, or null when cdc-sync cannot verify
     */
    record Evidence(String service, List<String> rules, Figures sincePhase, Engines.@Nullable PipelineView pipeline,
            Engines.@Nullable Verification verification, String pipelineName) {
    }

    private Gate() {
    }

    static List<GateResult> decide(Gates gates, Evidence evidence) {
        List<GateResult> results = new ArrayList<>();
        if (gates.verifierClean()) {
            results.add(verifier(evidence));
        }
        if (gates.syncLagBelowMillis() != null) {
            results.add(syncLag(gates.syncLagBelowMillis(), evidence));
        }
        if (gates.shadowComparedAtLeast() != null || gates.shadowDiffRateBelow() != null) {
            long compared = 0;
            long differed = 0;
            long failed = 0;
            List<String> diffs = new ArrayList<>();
            for (Figures.Shadow shadow : evidence.sincePhase().shadow().values()) {
                compared += shadow.compared();
                differed += shadow.differed();
                failed += shadow.failed();
                diffs.addAll(shadow.latestDiffs());
            }
            if (gates.shadowComparedAtLeast() != null) {
                long bound = gates.shadowComparedAtLeast();
                results.add(new GateResult("shadow compared", compared >= bound ? Verdict.PASSED : Verdict.FAILED,
                        compared + " comparisons", ">= " + bound, List.of()));
            }
            if (gates.shadowDiffRateBelow() != null) {
                // The proxy's own definition: a copy that failed (timeout, error) counts as a difference, since a
                // service that cannot answer is no evidence that it answers the same.
                double bound = gates.shadowDiffRateBelow();
                long sent = compared + failed;
                double rate = sent == 0 ? 0 : (double) (differed + failed) / sent;
                results.add(new GateResult("shadow diff rate", rate < bound || (sent == 0 && bound > 0)
                        ? Verdict.PASSED : Verdict.FAILED, percent(rate) + " (" + differed + " of " + compared
                        + " differed; " + failed + " copies failed)", "< " + percent(bound),
                        diffs.stream().limit(5).toList()));
            }
        }
        if (gates.serviceRequestsAtLeast() != null) {
            long requests = evidence.sincePhase().serviceRequests(evidence.service(), evidence.rules());
            long bound = gates.serviceRequestsAtLeast();
            results.add(new GateResult("service requests", requests >= bound ? Verdict.PASSED : Verdict.FAILED,
                    requests + " requests to " + evidence.service(), ">= " + bound, List.of()));
        }
        if (gates.errorRateBelow() != null) {
            long requests = evidence.sincePhase().serviceRequests(evidence.service(), evidence.rules());
            long errors = evidence.sincePhase().serviceErrors(evidence.service(), evidence.rules());
            double rate = requests == 0 ? 0 : (double) errors / requests;
            double bound = gates.errorRateBelow();
            results.add(new GateResult("error rate", rate < bound || (requests == 0 && bound > 0)
                    ? Verdict.PASSED : Verdict.FAILED, percent(rate) + " (" + errors + " of " + requests + ")",
                    "< " + percent(bound), List.of()));
        }
        return results;
    }

    private static GateResult verifier(Evidence evidence) {
        if (evidence.pipeline() == null) {
            return new GateResult("verifier", Verdict.UNAVAILABLE, "cdc-sync has no pipeline '"
                    + evidence.pipelineName() + "'", "in sync", List.of());
        }
        Engines.Verification verification = evidence.verification();
        if (verification == null) {
            return new GateResult("verifier", Verdict.UNAVAILABLE, "cdc-sync has no verify endpoint (POST /pipelines/"
                    + evidence.pipelineName() + "/verify)", "in sync", List.of());
        }
        List<String> details = new ArrayList<>();
        verification.missing().forEach(key -> details.add("missing " + key));
        verification.extra().forEach(key -> details.add("extra " + key));
        verification.differing().forEach(key -> details.add("differing " + key));
        String figure = (verification.inSync() ? "in sync" : "out of sync") + " (" + verification.rowsCompared()
                + " rows, " + verification.missing().size() + " missing, " + verification.extra().size() + " extra, "
                + verification.differing().size() + " differing)";
        return new GateResult("verifier", verification.inSync() ? Verdict.PASSED : Verdict.FAILED, figure, "in sync",
                details.stream().limit(10).toList());
    }

    private static GateResult syncLag(long bound, Evidence evidence) {
        Engines.PipelineView pipeline = evidence.pipeline();
        if (pipeline == null) {
            return new GateResult("sync lag", Verdict.UNAVAILABLE, "cdc-sync has no pipeline '"
                    + evidence.pipelineName() + "'", "< " + bound + " ms", List.of());
        }
        boolean running = List.of("RUNNING", "SWITCHING", "DRAINING").contains(pipeline.state());
        if (!running) {
            return new GateResult("sync lag", Verdict.FAILED, "pipeline " + pipeline.state().toLowerCase(Locale.ROOT),
                    "< " + bound + " ms", List.of());
        }
        return new GateResult("sync lag", pipeline.lagMillis() < bound ? Verdict.PASSED : Verdict.FAILED,
                pipeline.lagMillis() + " ms (" + pipeline.direction() + ")", "< " + bound + " ms", List.of());
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
