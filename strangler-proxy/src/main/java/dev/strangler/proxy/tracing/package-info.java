/**
 * Tracing: the request's trace on the thread for the lines logged within a request, restored where they are
 * written rather than around every Reactor operator.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.tracing;
