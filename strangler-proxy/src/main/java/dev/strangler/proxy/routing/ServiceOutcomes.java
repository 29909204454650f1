package dev.strangler.proxy.routing;

/**
 * Told how each call to a rule's service went, so a guard can switch a failing rule back to the monolith.
 */
public interface ServiceOutcomes {

    void serviceAnswered(RouteRule rule, boolean failed);

}
