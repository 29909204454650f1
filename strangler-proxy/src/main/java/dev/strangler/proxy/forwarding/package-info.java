/**
 * Forwarding: who the client is, which forwarded headers to believe, and what the backends are told.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.forwarding;
