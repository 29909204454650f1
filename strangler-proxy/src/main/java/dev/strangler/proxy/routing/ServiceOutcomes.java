package dev.strangler.proxy.routing;

/**
 * Told how each call to a rule's service went, so a guard can act on a rule whose service fails.
 */
public interface ServiceOutcomes {

    /** How one call to a rule's service went. */
    enum Outcome {

        /** The service answered (any status below 500). */
        ANSWERED,

        /**
         * The service failed (5xx, timeout, unreachable), and the monolith either answered the same request (a
         * read's fallback) or was not asked (a write is never replayed).
         */
        FAILED,

        /**
         * The service failed a read and the monolith, asked the very same request as the fallback, failed it too
         * (5xx, timeout, unreachable): most likely bad input, which says nothing about the service.
         */
        FAILED_LIKE_MONOLITH

    }

    void serviceAnswered(RouteRule rule, Outcome outcome);

}
