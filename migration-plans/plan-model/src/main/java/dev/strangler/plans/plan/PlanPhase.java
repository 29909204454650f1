package dev.strangler.plans.plan;

import java.util.Map;

/**
 * One step of a plan: the mode of each of its proxy rules, the direction its sync runs in, and the gates that must
 * hold before the plan moves on to the next phase.
 *
 * @param name e.g. {@code shadow-reads}
 * @param why one line; also the reason given to the engines when the phase is applied
 * @param routes rule id to its route setting, in the plan's endpoint order
 * @param sync the sync direction during this phase
 * @param gates what must hold before advancing past this phase
 */
public record PlanPhase(String name, String why, Map<String, RouteSetting> routes, SyncDirection sync, Gates gates) {

    public PlanPhase {
        routes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(routes));
    }
}
