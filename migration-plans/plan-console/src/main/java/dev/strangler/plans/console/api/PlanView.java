package dev.strangler.plans.console.api;

import dev.strangler.plans.admin.AdminClient.AdminException;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanPhase;
import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanState;
import dev.strangler.plans.runner.PlanStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One plan as the API shows it: its phases with their why (the timeline), where it stands, and the current phase's
 * gates decided on live figures by the runner. When an engine cannot be reached the plan is still shown, with the
 * reason in place of the live parts.
 */
final class PlanView {

    private PlanView() {
    }

    static Map<String, Object> of(MigrationPlan plan, Supplier<PlanRunner> runner, PlanStates states) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", plan.name());
        view.put("why", plan.why());
        view.put("service", plan.service());
        view.put("pipeline", plan.pipeline());
        view.put("phases", plan.phases().stream().map(PlanView::phase).toList());
        PlanRunner.Status status = null;
        String unreachable = null;
        try {
            status = runner.get().status(plan);
        }
        catch (AdminException ex) {
            unreachable = ex.getMessage();
        }
        PlanState state = status != null ? status.state() : states.read(plan.name());
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("index", state.phaseIndex());
        current.put("phase", state.phase());
        current.put("enteredAt", state.enteredAt());
        current.put("actor", state.actor());
        view.put("current", current);
        int index = state.phaseIndex();
        view.put("previous", index > 0 ? plan.phase(index - 1).name() : null);
        view.put("next", index + 1 < plan.phases().size() ? plan.phase(index + 1).name() : null);
        Map<String, Object> engines = new LinkedHashMap<>();
        engines.put("reachable", status != null);
        if (status == null) {
            engines.put("reason", unreachable);
            view.put("engines", engines);
            view.put("gates", List.of());
            view.put("gatesHold", false);
            return view;
        }
        view.put("engines", engines);
        List<GateResult> gates = status.gates();
        view.put("gates", gates.stream().map(PlanApiController::gate).toList());
        view.put("gatesHold", gates.stream().allMatch(GateResult::passed));
        Map<String, String> routes = new LinkedHashMap<>();
        status.routes().forEach((rule, route) -> routes.put(rule, route.toString()));
        view.put("routes", routes);
        Engines.PipelineView pipeline = status.pipeline();
        if (pipeline == null) {
            view.put("sync", null);
        }
        else {
            Map<String, Object> sync = new LinkedHashMap<>();
            sync.put("state", pipeline.state());
            sync.put("direction", pipeline.direction());
            sync.put("lagMillis", pipeline.lagMillis());
            sync.put("runsOn", pipeline.runsOn());
            view.put("sync", sync);
        }
        return view;
    }

    private static Map<String, Object> phase(PlanPhase phase) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", phase.name());
        view.put("why", phase.why());
        Map<String, String> routes = new LinkedHashMap<>();
        phase.routes().forEach((rule, setting) -> routes.put(rule, setting.toString()));
        view.put("routes", routes);
        view.put("sync", phase.sync().name());
        return view;
    }
}
