/**
 * The plan runner: checks a phase's gates against live figures from the engines' admin APIs, applies the next or
 * previous phase through those APIs in a write-safe order, and keeps the plan's state and audit trail on disk.
 */
@NullMarked
package dev.strangler.plans.runner;

import org.jspecify.annotations.NullMarked;
