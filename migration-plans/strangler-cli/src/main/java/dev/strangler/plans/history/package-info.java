/**
 * The history check: a workload of creates, updates and deletes recorded operation by operation (invoked, then
 * acknowledged, failed or indeterminate), faults injected on a schedule while a plan moves, and a checker that
 * compares each database's final rows with what the history allows (nothing lost, overwritten, resurrected or
 * phantom), in the manner of Jepsen and Elle.
 */
@NullMarked
package dev.strangler.plans.history;

import org.jspecify.annotations.NullMarked;
