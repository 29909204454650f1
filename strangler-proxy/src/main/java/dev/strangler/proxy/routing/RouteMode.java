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
    CANARY,

    /**
     * Nobody answers: every request gets a {@code 503} problem with {@code Retry-After: 1} and no backend is called.
     * A write hold across a change of sync direction: set between the new direction's start and the old one's
     * drain, it keeps either side from acknowledging a write that the old direction's backlog could still
     * overwrite. Switching a rule to HOLD through the admin API returns once the rule's requests already at a
     * backend have finished, so after it returns no write of the rule can still commit anywhere.
     */
    HOLD

}
