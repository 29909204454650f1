/**
 * Audit: the durable, append-only record of who switched which rule, when, from what to what and why.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.audit;
