/**
 * The plan runner over HTTP: the plan admin API that the proxy's dashboard calls server-side, on 127.0.0.1 behind a
 * bearer token, moving plans through the same {@code PlanRunner} as the CLI.
 */
@NullMarked
package dev.strangler.plans.api;

import org.jspecify.annotations.NullMarked;
