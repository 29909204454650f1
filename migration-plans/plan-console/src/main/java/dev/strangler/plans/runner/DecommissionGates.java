package dev.strangler.plans.runner;

import dev.strangler.archrules.ArchCheck;
import dev.strangler.archrules.ArchReport;
import dev.strangler.archrules.PlanException;
import dev.strangler.plans.plan.Gates;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.runner.GateResult.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The decommission gates: the proofs that a monolith module is dead. Each looks at a window ending now rather than at
 * the phase's own figures, because "nothing reached the monolith for 24 hours" is the claim, however long ago the
 * phase began. A figure that cannot be had (an engine too old, a history younger than the window, no classes to
 * check) is UNAVAILABLE, never a pass.
 */
final class DecommissionGates {

    static final String MONOLITH_REQUESTS = "monolith requests";
    static final String STRAY_WRITES = "stray writes";
    static final String ARCH_RULES = "arch rules";

    /** How many stray writes a gate shows; cdc-sync gives the latest first. */
    private static final int SHOWN = 5;

    private DecommissionGates() {
    }

    /** Asks the engines (and the classes) for the figures the gates need, then decides them. */
    static List<GateResult> check(Gates gates, MigrationPlan plan, Engines engines, Instant now,
            @Nullable Path monolithClasses) {
        List<GateResult> results = new ArrayList<>();
        Gates.CountInWindow requests = gates.monolithRequestsAtMost();
        if (requests != null) {
            Map<String, Optional<Engines.RouteTraffic>> traffic = new LinkedHashMap<>();
            for (String rule : PlanRunner.rules(plan)) {
                traffic.put(rule, engines.traffic(rule, requests.window()));
            }
            results.add(monolithRequests(requests, traffic));
        }
        Gates.CountInWindow stray = gates.strayWritesAtMost();
        if (stray != null) {
            boolean pipeline = engines.pipeline(plan.pipeline()).isPresent();
            Optional<Engines.StrayWrites> writes = pipeline
                    ? engines.strayWrites(plan.pipeline(), now.minus(stray.window())) : Optional.empty();
            results.add(strayWrites(stray, plan.pipeline(), pipeline, writes));
        }
        if (gates.archRulesClean()) {
            results.add(archRules(plan, monolithClasses));
        }
        return results;
    }

    static GateResult monolithRequests(Gates.CountInWindow bound, Map<String, Optional<Engines.RouteTraffic>> traffic) {
        List<String> details = new ArrayList<>();
        long answered = 0;
        for (Map.Entry<String, Optional<Engines.RouteTraffic>> rule : traffic.entrySet()) {
            if (rule.getValue().isEmpty()) {
                return new GateResult(MONOLITH_REQUESTS, Verdict.UNAVAILABLE, "the proxy keeps no traffic history "
                        + "(GET /admin/routes/" + rule.getKey() + "/traffic answered 404)", bound.toString(),
                        List.of());
            }
            Engines.RouteTraffic figures = rule.getValue().get();
            if (!figures.covered()) {
                return new GateResult(MONOLITH_REQUESTS, Verdict.UNAVAILABLE, "the proxy's traffic history begins at "
                        + figures.historySince() + " (when the proxy started: it keeps its history in memory), less than "
                        + bound.windowText()
                        + " ago: the window is not covered yet", bound.toString(), List.of());
            }
            answered += figures.monolithAnswered();
            details.add(rule.getKey() + ": " + figures.monolithAnswered() + " answered by the monolith "
                    + figures.byBackend());
        }
        return new GateResult(MONOLITH_REQUESTS, answered <= bound.atMost() ? Verdict.PASSED : Verdict.FAILED,
                answered + " answered by the monolith in the last " + bound.windowText(), bound.toString(), details);
    }

    static GateResult strayWrites(Gates.CountInWindow bound, String pipeline, boolean pipelineExists,
            Optional<Engines.StrayWrites> writes) {
        if (!pipelineExists) {
            return new GateResult(STRAY_WRITES, Verdict.UNAVAILABLE, "cdc-sync has no pipeline '" + pipeline + "'",
                    bound.toString(), List.of());
        }
        if (writes.isEmpty()) {
            return new GateResult(STRAY_WRITES, Verdict.UNAVAILABLE, "this cdc-sync does not watch for stray writes "
                    + "(GET /pipelines/" + pipeline + "/stray-writes answered 404)", bound.toString(), List.of());
        }
        long count = writes.get().count();
        return new GateResult(STRAY_WRITES, count <= bound.atMost() ? Verdict.PASSED : Verdict.FAILED, count
                + " stray write(s) in the last " + bound.windowText(), bound.toString(),
                writes.get().writes().stream().limit(SHOWN).toList());
    }

    static GateResult archRules(MigrationPlan plan, @Nullable Path monolithClasses) {
        String bound = "no writer of the plan's tables";
        if (monolithClasses == null) {
            return new GateResult(ARCH_RULES, Verdict.UNAVAILABLE, "no monolith classes to check: give the "
                    + "monolith's classes directory or jar with --monolith-classes", bound, List.of());
        }
        if (!Files.exists(monolithClasses)) {
            return new GateResult(ARCH_RULES, Verdict.UNAVAILABLE, "the monolith classes " + monolithClasses
                    + " do not exist (build the monolith first)", bound, List.of());
        }
        ArchReport report;
        try {
            report = ArchCheck.writesCutOver(monolithClasses, plan.header());
        }
        catch (PlanException | IllegalArgumentException ex) {
            return new GateResult(ARCH_RULES, Verdict.UNAVAILABLE, ex.getMessage(), bound, List.of());
        }
        List<String> violations = report.results().stream().flatMap(result -> result.violations().stream()).toList();
        return new GateResult(ARCH_RULES, report.passed() ? Verdict.PASSED : Verdict.FAILED, violations.size()
                + " writer(s) in " + report.classCount() + " classes of " + monolithClasses, bound,
                violations.stream().limit(10).toList());
    }
}
