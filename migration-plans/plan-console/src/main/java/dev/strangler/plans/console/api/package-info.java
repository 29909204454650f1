/**
 * The plan API: where each plan stands with its current gates decided on live figures, and advance or rollback of
 * one plan through the same runner as the CLI, on 127.0.0.1 behind a bearer token, errors as RFC 9457 problems.
 */
@NullMarked
package dev.strangler.plans.console.api;

import org.jspecify.annotations.NullMarked;
