/**
 * Dashboard: the admin port's browser view of a migration (catalogue, traffic, shadow diffs, sync, audit) with a
 * cookie login that never weakens the bearer-token admin API.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.dashboard;
