/**
 * Migration plans: one reviewable YAML file per extraction, checked against the published schema and read into
 * phases with their route modes, sync direction and gates.
 */
@NullMarked
package dev.strangler.plans.plan;

import org.jspecify.annotations.NullMarked;
