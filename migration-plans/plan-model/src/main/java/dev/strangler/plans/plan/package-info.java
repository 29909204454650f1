/**
 * Migration plans: one reviewable YAML file per extraction, read by the one reader ({@link
 * dev.strangler.plans.plan.PlanFiles}) that the CLI, the plan runner, the architecture rules and the console share,
 * checked against the published schema and read into phases with their route modes, sync direction and gates.
 */
@NullMarked
package dev.strangler.plans.plan;

import org.jspecify.annotations.NullMarked;
