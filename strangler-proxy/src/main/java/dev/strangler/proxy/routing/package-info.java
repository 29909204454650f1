/**
 * Routing: normalises each request path, finds its endpoint rule and forwards it to the backend its mode names.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.routing;
