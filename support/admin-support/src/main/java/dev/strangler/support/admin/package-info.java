/**
 * The conventions every admin surface of the kit follows (the proxy's and cdc-sync's admin APIs, the plan API):
 * the bearer token ({@link dev.strangler.support.admin.AdminToken}), the durable audit log and what may go into it
 * ({@link dev.strangler.support.admin.AuditLog}, {@link dev.strangler.support.admin.AuditFields}), the body limit
 * ({@link dev.strangler.support.admin.BodyLimit}) and RFC 9457 problem documents
 * ({@link dev.strangler.support.admin.Problem}). Plain Java: no web framework in this package.
 */
@NullMarked
package dev.strangler.support.admin;

import org.jspecify.annotations.NullMarked;
