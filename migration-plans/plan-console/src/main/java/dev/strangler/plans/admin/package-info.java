/**
 * Clients of the engines' HTTP admin APIs: the only way the control plane (the plan runner, the console, the CLI) reaches the proxy and cdc-sync.
 */
@NullMarked
package dev.strangler.plans.admin;

import org.jspecify.annotations.NullMarked;
