/**
 * Tracing: full Micrometer observations (server and client spans, their timers) when an OTLP collector is named;
 * otherwise a W3C {@code traceparent} written to the backends and the trace id put on log lines, without an
 * observation per request.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.tracing;
