/**
 * What the control plane relies on from the data planes' admin APIs, stated once as tests over HTTP:
 * {@link dev.strangler.support.contract.ProxyAdminContract} and
 * {@link dev.strangler.support.contract.SyncAdminContract}. Each engine runs them against itself, the plan console
 * against its stub of both.
 */
@NullMarked
package dev.strangler.support.contract;

import org.jspecify.annotations.NullMarked;
