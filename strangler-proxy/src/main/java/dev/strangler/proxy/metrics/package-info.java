/**
 * Metrics: the stable {@code strangler.proxy.*} Micrometer names every other feature reports through.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.metrics;
