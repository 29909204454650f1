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
 * direction never loses a write, never lets both sides hand out the same id, and never lets the old direction's
 * backlog land after the new side acknowledged a write of the same row: the new direction starts first and the side
 * that takes the writes has its id sequences fenced past the other side's (prepare-switch); then every write rule
 * that changes sides is held (the proxy answers it 503 and returns once its requests in flight have finished); then
 * the old direction is drained, the fence checked, and the old direction stopped (switch); only then do the routes
 * move to the target phase. The new phase is recorded only once every change is made. If the switch fails, the held
 * rules stay held and the outcome names them: writes put back on the old side while the new direction already runs
 * would reopen the race the hold closes, so whether to retry or give up is the operator's call.
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

    /** The proxy's mode for a write rule paused across a sync switch; not a mode a plan file names. */
    static final RouteSetting HOLD = new RouteSetting("HOLD", 0);

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
                        + "not repeated)." + held(plan, steps, applied, result);
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
        List<PlanStep> holds = new ArrayList<>();
        for (Map.Entry<String, RouteSetting> route : target.routes().entrySet()) {
            Engines.RouteView now = engines.route(route.getKey());
            if (!route.getValue().sameAs(now.mode(), now.percent())) {
                routes.add(new PlanStep(PlanStep.Kind.ROUTE, route.getKey(), now.toString(),
                        route.getValue().toString()));
            }
            // A rule already held (a run that failed part way) is held again: the proxy answers the hold only once
            // the rule's requests in flight have finished, which the earlier hold may not have seen.
            if (isWrite(plan, route.getKey()) && (HOLD.sameAs(now.mode(), now.percent())
                    || !side(now.mode(), now.percent()).equals(side(route.getValue().mode(),
                            route.getValue().percent())))) {
                holds.add(new PlanStep(PlanStep.Kind.ROUTE_HOLD, route.getKey(), now.toString(), HOLD.toString()));
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
            // The new direction runs, and the new writing side's ids are fenced, before any write moves: no write is
            // ever made on a side that nothing carries to the other, nor under an id the other side may still
            // deliver. The writes that change sides are held while the old direction drains: were they flipped
            // first, its backlog could land after the new side acknowledged a write of the same row (a deleted
            // row re-inserted, an update undone). Reads move with the rest, at the end.
            steps.add(new PlanStep(PlanStep.Kind.SYNC_PREPARE_SWITCH, name, direction, wanted.name()));
            steps.addAll(holds);
            steps.add(new PlanStep(PlanStep.Kind.SYNC_SWITCH, name, direction, wanted.name()));
            steps.addAll(routes);
        }
        return steps;
    }

    private void apply(MigrationPlan plan, PlanStep step, String reason) {
        switch (step.kind()) {
            case ROUTE -> engines.setRoute(step.subject(), RouteSetting.parse(step.to()), reason, actor);
            case ROUTE_HOLD -> engines.setRoute(step.subject(), HOLD, reason + " (held while the sync switches)",
                    actor);
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

    /**
     * What a failed run leaves held and how to go on, or nothing. A hold the proxy refused for requests still in
     * flight leaves its rule held too, so every rule held now counts, not only the holds that succeeded.
     */
    private String held(MigrationPlan plan, List<PlanStep> steps, List<PlanStep> applied, Result result) {
        if (applied.stream().noneMatch(step -> step.kind() == PlanStep.Kind.ROUTE_HOLD
                || step.kind() == PlanStep.Kind.SYNC_PREPARE_SWITCH)) {
            return "";
        }
        List<String> held = new ArrayList<>();
        List<String> giveUp = new ArrayList<>();
        for (PlanStep step : steps) {
            if (step.kind() != PlanStep.Kind.ROUTE_HOLD) {
                continue;
            }
            Engines.RouteView now = engines.route(step.subject());
            if (HOLD.sameAs(now.mode(), now.percent())) {
                held.add(step.subject());
                if (!HOLD.toString().equals(step.from())) {
                    giveUp.add("`strangler route set " + step.subject() + " "
                            + step.from().replaceFirst("CANARY (\\d+)%", "CANARY --percent $1") + "`");
                }
            }
        }
        if (held.isEmpty()) {
            return "";
        }
        String command = "strangler plan " + (result == Result.ADVANCED ? "advance " : "rollback ") + plan.name();
        return " " + String.join(", ", held) + (held.size() == 1 ? " is" : " are") + " held: the proxy answers "
                + (held.size() == 1 ? "its" : "their") + " requests 503, so that no side acknowledges a write while "
                + "the old sync direction may still deliver an older one. Run `" + command + "` again to finish "
                + "the switch." + (giveUp.isEmpty() ? "" : " To give up instead, " + String.join(", ", giveUp)
                + " puts the writes back where they were; the direction prepare-switch started keeps running next "
                + "to the old one until the pipeline is switched or stopped.");
    }

    /** Whether the plan's endpoint with this rule carries writes (a rule the plan does not list is taken as one). */
    private static boolean isWrite(MigrationPlan plan, String rule) {
        return plan.endpoints().stream().filter(endpoint -> endpoint.rule().equals(rule)).findFirst()
                .map(MigrationPlan.Endpoint::isWrite).orElse(true);
    }

    /** Which side acknowledges a rule's writes in a mode: a canary between 0% and 100% has both do it. */
    private static String side(String mode, int percent) {
        return switch (mode) {
            case "SERVICE" -> "service";
            case "CANARY" -> percent == 0 ? "monolith" : percent == 100 ? "service" : "both";
            case "MONOLITH", "SHADOW" -> "monolith";
            default -> mode;
        };
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
