package dev.strangler.plans.console;

import dev.strangler.plans.runner.PlanRunner;

/** A plan runner acting as the given actor (audited as who moved a plan), talking to the engines as they are now. */
@FunctionalInterface
public interface PlanRunners {

    PlanRunner actingAs(String actor);
}
