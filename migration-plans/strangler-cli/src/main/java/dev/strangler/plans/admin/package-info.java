/**
 * Clients of the engines' HTTP admin APIs: the only way the CLI and the plan runner reach the proxy and cdc-sync.
 */
@NullMarked
package dev.strangler.plans.admin;

import org.jspecify.annotations.NullMarked;
