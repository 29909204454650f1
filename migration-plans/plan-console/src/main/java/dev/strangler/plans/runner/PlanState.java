package dev.strangler.plans.runner;

import org.jspecify.annotations.Nullable;

/**
 * Where a plan stands, as kept in {@code $STRANGLER_HOME/plans/<plan>.json}.
 *
 * @param plan the plan's name
 * @param phaseIndex the current phase's index, -1 before the first phase was applied
 * @param phase the current phase's name, null before the first
 * @param enteredAt when the current phase was entered (ISO-8601), null before the first
 * @param actor who moved the plan there
 * @param baseline the proxy's counters when the phase was entered; gates count from here
 */
public record PlanState(String plan, int phaseIndex, @Nullable String phase, @Nullable String enteredAt,
        @Nullable String actor, Figures baseline) {

    public static PlanState notStarted(String plan) {
        return new PlanState(plan, -1, null, null, null, Figures.none());
    }

    public boolean started() {
        return phaseIndex >= 0;
    }
}
