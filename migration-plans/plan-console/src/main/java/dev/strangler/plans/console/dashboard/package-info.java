/**
 * The dashboard: the control plane's browser view of a migration (catalogue, traffic, shadow diffs, sync, plans,
 * audit, live charts) with a token sign-in and a CSRF-checked session that never weakens the bearer-token plan API.
 * Everything it shows of the proxy and cdc-sync it reads server-side from their admin APIs.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.plans.console.dashboard;
