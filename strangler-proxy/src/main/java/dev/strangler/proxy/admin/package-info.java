/**
 * Admin: the token-protected HTTP API on its own loopback port that shows and switches route modes at runtime.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.admin;
