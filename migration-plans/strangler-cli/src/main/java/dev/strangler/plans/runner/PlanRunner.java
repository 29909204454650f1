package dev.strangler.plans.runner;

import dev.strangler.plans.admin.AdminClient.AdminException;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanPhase;
import dev.strangler.plans.plan.RouteSetting;
import dev.strangler.plans.plan.SyncDirection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Moves a plan one phase at a time. {@link #advance} checks the current phase's gates against live figures and only
 * then applies the next phase; {@link #rollback} applies the previous one. A transition that changes the sync
 * direction never loses a write and never lets both sides hand out the same id: the new direction starts first and
 * the side that takes the writes has its id sequences fenced past the other side's (prepare-switch), then the routes
 * flip, then the old direction is drained, the fence checked, and the old direction stopped (switch). So no write
 * moves before prepare-switch succeeded. The new phase is recorded only once every change is made.
 */
public final class PlanRunner {

    /** What an advance or rollback did. */
    public enum Result {
        /** The next phase is applied and recorded. */
        ADVANCED,
        /** The previous phase is applied and recorded. */
        ROLLED_BACK,
        /** Nothing changed: a gate failed or the move is impossible. */
        REFUSED,
        /** Dry run: nothing changed; {@code steps} is what would be. */
        WOULD_APPLY,
        /** A change was refused by an engine part way; {@code applied} lists what was made. State unchanged. */
        FAILED,
        /** Nothing changed: the plan is in its last phase and that phase's gates hold, so the migration is done. */
        COMPLETE
    }

    /**
     * The answer of an advance or rollback.
     *
     * @param notes things skipped because an engine lacks them, and why
     */
    public record Outcome(Result result, String plan, @Nullable String from, @Nullable String to,
            List<GateResult> gates, List<PlanStep> steps, List<PlanStep> applied, List<String> notes,
            String message) {

        public boolean ok() {
            return result == Result.ADVANCED || result == Result.ROLLED_BACK || result == Result.WOULD_APPLY
                    || result == Result.COMPLETE;
        }
    }

    /** Where a plan stands and how its current gates decide now. */
    public record Status(PlanState state, @Nullable PlanPhase phase, @Nullable PlanPhase next,
            List<GateResult> gates, Map<String, Engines.RouteView> routes, Engines.@Nullable PipelineView pipeline,
            Figures sincePhase) {
    }

    /**
     * How an advance or rollback runs.
     *
     * @param reason why the person moves the plan (the CLI's {@code --reason}, the plan API's {@code reason}); it goes
     *        to the engines next to the phase's own why and into the audit entry; null when none was given
     */
    public record Options(boolean dryRun, boolean allowUnavailableGates, @Nullable String reason) {

        public Options(boolean dryRun, boolean allowUnavailableGates) {
            this(dryRun, allowUnavailableGates, null);
        }

        public static Options apply() {
            return new Options(false, false);
        }
    }

    /**
     * The decommission proofs of a plan's last phase, decided now ({@code strangler plan retire-check}).
     *
     * @param phase the last phase, whose gates are the proofs
     * @param inLastPhase whether the plan has reached it; before, the monolith is still meant to serve
     */
    public record RetireCheck(String plan, String phase, boolean inLastPhase, @Nullable String current,
            List<GateResult> gates) {

        /** The module may be deleted: the plan is in its last phase, it has decommission gates and all pass. */
        public boolean holds() {
            return inLastPhase && !gates.isEmpty() && gates.stream().allMatch(GateResult::passed);
        }
    }

    private final Engines engines;
    private final PlanStates states;
    private final String actor;
    private final Clock clock;
    private final @Nullable Path monolithClasses;

    public PlanRunner(Engines engines, PlanStates states, String actor, Clock clock) {
        this(engines, states, actor, clock, null);
    }

    /**
     * @param monolithClasses the monolith's classes directory or jar, for the {@code archRulesClean} gate; null
     *        leaves that gate UNAVAILABLE (nothing assumes where a monolith is built)
     */
    public PlanRunner(Engines engines, PlanStates states, String actor, Clock clock, @Nullable Path monolithClasses) {
        this.engines = engines;
        this.states = states;
        this.actor = actor;
        this.clock = clock;
        this.monolithClasses = monolithClasses;
    }

    public Status status(MigrationPlan plan) {
        PlanState state = states.read(plan.name());
        PlanPhase phase = state.started() ? plan.phase(state.phaseIndex()) : null;
        PlanPhase next = state.phaseIndex() + 1 < plan.phases().size() ? plan.phase(state.phaseIndex() + 1) : null;
        Map<String, Engines.RouteView> routes = new LinkedHashMap<>();
        plan.endpoints().forEach(endpoint -> routes.put(endpoint.rule(), engines.route(endpoint.rule())));
        Engines.PipelineView pipeline = engines.pipeline(plan.pipeline()).orElse(null);
        Figures since = engines.figures(shadowRules(plan, phase)).since(state.baseline());
        List<GateResult> gates = phase == null ? List.of() : gates(plan, phase, state);
        return new Status(state, phase, next, gates, routes, pipeline, since);
    }

    /** The current phase's gates, decided on live figures. */
    public List<GateResult> gates(MigrationPlan plan, PlanPhase phase, PlanState state) {
        Engines.PipelineView pipeline = engines.pipeline(plan.pipeline()).orElse(null);
        Engines.Verification verification = phase.gates().verifierClean() && pipeline != null
                ? engines.verify(plan.pipeline(), actor).orElse(null) : null;
        Figures since = engines.figures(shadowRules(plan, phase)).since(state.baseline());
        List<GateResult> results = new ArrayList<>(Gate.decide(phase.gates(), new Gate.Evidence(plan.service(),
                rules(plan), since, pipeline, verification, plan.pipeline())));
        if (phase.gates().decommissions()) {
            results.addAll(DecommissionGates.check(phase.gates(), plan, engines, clock.instant(), monolithClasses));
        }
        return results;
    }

    /** The last phase's gates decided now: whether the monolith's module of this plan is dead. */
    public RetireCheck retireCheck(MigrationPlan plan) {
        PlanState state = states.read(plan.name());
        int last = plan.phases().size() - 1;
        PlanPhase phase = plan.phase(last);
        return new RetireCheck(plan.name(), phase.name(), state.phaseIndex() == last, state.phase(),
                gates(plan, phase, state));
    }

    public Outcome advance(MigrationPlan plan, Options options) {
        PlanState state = states.read(plan.name());
        String from = state.phase();
        if (state.phaseIndex() + 1 >= plan.phases().size()) {
            return lastPhase(plan, state, options);
        }
        PlanPhase next = plan.phase(state.phaseIndex() + 1);
        List<GateResult> gates = state.started() ? gates(plan, plan.phase(state.phaseIndex()), state) : List.of();
        List<GateResult> failed = gates.stream().filter(gate -> gate.verdict() == GateResult.Verdict.FAILED
                || (gate.verdict() == GateResult.Verdict.UNAVAILABLE && !options.allowUnavailableGates())).toList();
        if (!failed.isEmpty()) {
            return refused(plan, "advance", from, next.name(), gates, "gates of phase " + from + " do not hold: "
                    + String.join("; ", failed.stream().map(GateResult::toString).toList()), options);
        }
        return move(plan, state, state.phaseIndex() + 1, gates, Result.ADVANCED, options);
    }

    /**
     * Past the last phase there is nothing to apply; what is left is the proof that the module is dead. The plan is
     * complete only when the last phase's gates hold (an UNAVAILABLE one only with allowUnavailableGates).
     */
    private Outcome lastPhase(MigrationPlan plan, PlanState state, Options options) {
        String from = state.phase();
        PlanPhase last = plan.phase(state.phaseIndex());
        if (last.gates().isEmpty()) {
            return refused(plan, "advance", from, null, List.of(), "plan " + plan.name()
                    + " is already in its last phase, " + from, options);
        }
        List<GateResult> gates = gates(plan, last, state);
        List<GateResult> failed = gates.stream().filter(gate -> gate.verdict() == GateResult.Verdict.FAILED
                || (gate.verdict() == GateResult.Verdict.UNAVAILABLE && !options.allowUnavailableGates())).toList();
        if (!failed.isEmpty()) {
            return refused(plan, "advance", from, null, gates, "plan " + plan.name() + " is in its last phase, " + from
                    + ", but it is not complete: " + String.join("; ", failed.stream().map(GateResult::toString)
                            .toList()), options);
        }
        String message = "plan " + plan.name() + " is complete: the gates of " + from + " hold";
        if (!options.dryRun()) {
            audit(plan, "advance", from, null, "complete", gates, List.of(), message, options);
        }
        return new Outcome(Result.COMPLETE, plan.name(), from, null, gates, List.of(), List.of(), List.of(), message);
    }

    public Outcome rollback(MigrationPlan plan, Options options) {
        PlanState state = states.read(plan.name());
        if (state.phaseIndex() <= 0) {
            return refused(plan, "rollback", state.phase(), null, List.of(), state.started()
                    ? "phase " + state.phase() + " is the first; there is nothing to roll back to"
                    : "plan " + plan.name() + " has not started", options);
        }
        return move(plan, state, state.phaseIndex() - 1, List.of(), Result.ROLLED_BACK, options);
    }

    private Outcome move(MigrationPlan plan, PlanState state, int targetIndex, List<GateResult> gates, Result result,
            Options options) {
        PlanPhase target = plan.phase(targetIndex);
        String from = state.phase();
        List<String> notes = new ArrayList<>();
        Optional<Engines.PipelineView> pipeline = engines.pipeline(plan.pipeline());
        if (pipeline.isEmpty() && target.sync() != SyncDirection.STOPPED) {
            String note = "cdc-sync has no pipeline '" + plan.pipeline() + "': sync " + target.sync()
                    + " cannot be set";
            if (!options.allowUnavailableGates()) {
                return refused(plan, result == Result.ADVANCED ? "advance" : "rollback", from, target.name(), gates, note,
                        options);
            }
            notes.add(note + " (skipped)");
        }
        List<PlanStep> steps = steps(plan, target, pipeline.orElse(null));
        if (options.dryRun()) {
            return new Outcome(Result.WOULD_APPLY, plan.name(), from, target.name(), gates, steps, List.of(), notes,
                    "dry run: nothing changed");
        }
        String reason = "plan " + plan.name() + ": " + target.why()
                + (options.reason() == null ? "" : " (" + options.reason() + ")");
        List<PlanStep> applied = new ArrayList<>();
        for (PlanStep step : steps) {
            try {
                apply(plan, step, reason);
                applied.add(step);
            }
            catch (AdminException ex) {
                String message = step + " was refused: " + ex.getMessage() + ". The plan stays in "
                        + (from == null ? "no phase" : from) + "; " + applied.size() + " of " + steps.size()
                        + " changes were made. Fix the cause and run the command again (changes already made are "
                        + "not repeated).";
                audit(plan, result == Result.ADVANCED ? "advance" : "rollback", from, target.name(), "failed",
                        gates, applied, message, options);
                return new Outcome(Result.FAILED, plan.name(), from, target.name(), gates, steps, applied, notes,
                        message);
            }
        }
        Figures baseline = engines.figures(shadowRules(plan, target));
        states.write(new PlanState(plan.name(), targetIndex, target.name(), clock.instant().toString(), actor,
                baseline));
        String action = result == Result.ADVANCED ? "advance" : "rollback";
        audit(plan, action, from, target.name(), "done", gates, applied, target.why(), options);
        return new Outcome(result, plan.name(), from, target.name(), gates, steps, applied, notes,
                plan.name() + " is in phase " + target.name() + ": " + target.why());
    }

    /**
     * The changes that bring the engines from how they stand to the target phase, in a write-safe order. Planned
     * against the live engines, so a rule someone switched by hand is put back too, and a repeated command after a
     * partial failure makes only what is missing.
     */
    List<PlanStep> steps(MigrationPlan plan, PlanPhase target, Engines.@Nullable PipelineView pipeline) {
        List<PlanStep> routes = new ArrayList<>();
        for (Map.Entry<String, RouteSetting> route : target.routes().entrySet()) {
            Engines.RouteView now = engines.route(route.getKey());
            if (!route.getValue().sameAs(now.mode(), now.percent())) {
                routes.add(new PlanStep(PlanStep.Kind.ROUTE, route.getKey(), now.toString(),
                        route.getValue().toString()));
            }
        }
        List<PlanStep> steps = new ArrayList<>();
        if (pipeline == null) {
            steps.addAll(routes);
            return steps;
        }
        String name = plan.pipeline();
        boolean running = !"STOPPED".equals(pipeline.state()) && !"FAILED".equals(pipeline.state());
        String direction = pipeline.direction();
        String now = running ? direction : "STOPPED (" + direction + ")";
        SyncDirection wanted = target.sync();
        if (wanted == SyncDirection.STOPPED) {
            steps.addAll(routes);
            if (running) {
                steps.add(new PlanStep(PlanStep.Kind.SYNC_STOP, name, now, "STOPPED"));
            }
        }
        else if (wanted.name().equals(direction)) {
            if (!running) {
                steps.add(new PlanStep(PlanStep.Kind.SYNC_START, name, now, wanted.name()));
            }
            steps.addAll(routes);
        }
        else {
            // The new direction runs, and the new writing side's ids are fenced, before any write moves; the old one
            // is drained only after: no write is ever made on a side that nothing carries to the other, nor under an
            // id the other side may still deliver.
            steps.add(new PlanStep(PlanStep.Kind.SYNC_PREPARE_SWITCH, name, direction, wanted.name()));
            steps.addAll(routes);
            steps.add(new PlanStep(PlanStep.Kind.SYNC_SWITCH, name, direction, wanted.name()));
        }
        return steps;
    }

    private void apply(MigrationPlan plan, PlanStep step, String reason) {
        switch (step.kind()) {
            case ROUTE -> engines.setRoute(step.subject(), RouteSetting.parse(step.to()), reason, actor);
            case SYNC_START -> engines.startPipeline(plan.pipeline(), reason, actor);
            case SYNC_PREPARE_SWITCH -> engines.prepareSwitch(plan.pipeline(), step.to(), reason, actor);
            case SYNC_SWITCH -> engines.switchDirection(plan.pipeline(), step.to(), reason, actor);
            case SYNC_STOP -> engines.stopPipeline(plan.pipeline(), reason, actor);
        }
    }

    private Outcome refused(MigrationPlan plan, String action, @Nullable String from, @Nullable String to,
            List<GateResult> gates, String message, Options options) {
        if (!options.dryRun()) {
            audit(plan, action, from, to, "refused", gates, List.of(), message, options);
        }
        return new Outcome(Result.REFUSED, plan.name(), from, to, gates, List.of(), List.of(), List.of(), message);
    }

    private void audit(MigrationPlan plan, String action, @Nullable String from, @Nullable String to, String outcome,
            List<GateResult> gates, List<PlanStep> applied, String why, Options options) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", clock.instant().toString());
        entry.put("plan", plan.name());
        entry.put("actor", actor);
        entry.put("action", action);
        entry.put("from", from);
        entry.put("to", to);
        entry.put("outcome", outcome);
        entry.put("gates", gates.stream().map(GateResult::toString).toList());
        entry.put("changes", applied.stream().map(PlanStep::toString).toList());
        entry.put("why", why);
        if (options.reason() != null) {
            entry.put("reason", options.reason());
        }
        states.audit(entry);
    }

    static List<String> rules(MigrationPlan plan) {
        return plan.endpoints().stream().map(MigrationPlan.Endpoint::rule).toList();
    }

    /** The rules a phase shadows: their comparison counters are the shadow gates' figures. */
    static List<String> shadowRules(MigrationPlan plan, @Nullable PlanPhase phase) {
        if (phase == null) {
            return List.of();
        }
        return phase.routes().entrySet().stream().filter(route -> "SHADOW".equals(route.getValue().mode()))
                .map(Map.Entry::getKey).toList();
    }
}
