/**
 * The plan console, the kit's control plane: one Spring Boot app that holds the plan runner and serves the plan API
 * on 127.0.0.1, reaching the proxy and cdc-sync only through their admin HTTP APIs.
 */
@NullMarked
package dev.strangler.plans.console;

import org.jspecify.annotations.NullMarked;
