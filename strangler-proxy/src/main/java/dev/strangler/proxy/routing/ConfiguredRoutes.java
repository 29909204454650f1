package dev.strangler.proxy.routing;

/**
 * The route table exactly as configured, before any durable runtime state is laid over it.
 *
 * @param table every rule in its configured mode
 */
public record ConfiguredRoutes(RouteTable table) {
}
