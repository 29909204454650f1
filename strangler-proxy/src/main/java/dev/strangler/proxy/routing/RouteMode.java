package dev.strangler.proxy.routing;

/**
 * Who answers the requests an endpoint rule matches.
 */
public enum RouteMode {

    /** The monolith answers; the service is not called. */
    MONOLITH,

    /** The service answers; failed reads fall back to the monolith, failed writes get a 503. */
    SERVICE,

    /** The monolith answers; a copy goes to the service and the two responses are compared. */
    SHADOW,

    /** A sticky percentage of callers is answered by the service, the rest by the monolith. */
    CANARY

}
