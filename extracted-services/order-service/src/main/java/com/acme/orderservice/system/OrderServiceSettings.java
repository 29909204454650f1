package com.acme.orderservice.system;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the systems order-service depends on answer and how patiently it calls them, e.g.
 * {@code --order-service.monolith.base-url=http://shop:8080}. Invalid values stop start-up naming the key.
 *
 * @param monolith stock reservations and payments (still the monolith's)
 * @param customerService customer facts: existence and name
 * @param saga how unfinished sagas are picked up again
 */
@ConfigurationProperties("order-service")
public record OrderServiceSettings(@DefaultValue Remote monolith, @DefaultValue Remote customerService,
        @DefaultValue Saga saga) {

    /**
     * One remote system.
     *
     * @param baseUrl absolute http(s) URL
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for an answer
     * @param maxAttempts calls per request including the first; retried only on no answer, timeouts and 5xx
     * @param retryBackoff wait before the first retry; doubles with each further one
     * @param circuitBreakerMinimumCalls calls recorded before the breaker may open (it opens at 50% failures)
     * @param circuitBreakerOpenFor how long an open breaker refuses calls before it lets a few try again
     */
    public record Remote(@DefaultValue("http://localhost") URI baseUrl, @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout, @DefaultValue("3") int maxAttempts,
            @DefaultValue("200ms") Duration retryBackoff, @DefaultValue("20") int circuitBreakerMinimumCalls,
            @DefaultValue("10s") Duration circuitBreakerOpenFor) {

        public Remote {
            if (!baseUrl.isAbsolute() || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
                throw new IllegalArgumentException("base-url must be an absolute http(s) URL, was " + baseUrl);
            }
            requirePositive("connect-timeout", connectTimeout);
            requirePositive("read-timeout", readTimeout);
            requirePositive("retry-backoff", retryBackoff);
            requirePositive("circuit-breaker-open-for", circuitBreakerOpenFor);
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("max-attempts must be between 1 and 10, was " + maxAttempts);
            }
            if (circuitBreakerMinimumCalls < 1) {
                throw new IllegalArgumentException("circuit-breaker-minimum-calls must be 1 or more, was "
                        + circuitBreakerMinimumCalls);
            }
        }
    }

    /**
     * @param resumeAfter a saga not advanced for this long, and claimed by no live run, is taken to be abandoned
     *     and resumed by the sweep
     * @param sweepEvery how often to look for such sagas
     * @param claimFor how long a run's claim on a saga lasts; renewed before every monolith call, so it must
     *     outlast one call with all its retries. A process that dies leaves its sagas to the sweep after this.
     */
    public record Saga(@DefaultValue("30s") Duration resumeAfter, @DefaultValue("10s") Duration sweepEvery,
            @DefaultValue("2m") Duration claimFor) {

        public Saga {
            requirePositive("resume-after", resumeAfter);
            requirePositive("sweep-every", sweepEvery);
            requirePositive("claim-for", claimFor);
        }
    }

    public OrderServiceSettings {
        // A claim that ran out during a slow monolith call would let the sweep run the same step a second time.
        Duration longestCall = monolith.connectTimeout().plus(monolith.readTimeout())
                .multipliedBy(monolith.maxAttempts())
                .plus(monolith.retryBackoff().multipliedBy((1L << (monolith.maxAttempts() - 1)) - 1));
        if (saga.claimFor().compareTo(longestCall) <= 0) {
            throw new IllegalArgumentException("saga.claim-for must be longer than one monolith call with its "
                    + "retries ((connect-timeout + read-timeout) x max-attempts + back-offs = " + longestCall
                    + "), was " + saga.claimFor());
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
