/**
 * The walkthrough: the whole stack, a steady client load through the proxy, and both plans walked phase by phase
 * with their gates, ending with a check that no acknowledged write was lost.
 */
@NullMarked
package dev.strangler.plans.walkthrough;

import org.jspecify.annotations.NullMarked;
