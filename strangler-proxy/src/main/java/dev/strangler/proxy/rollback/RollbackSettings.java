package dev.strangler.proxy.rollback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a rule is switched back to the monolith automatically.
 *
 * @param enabled whether the guard acts at all
 * @param window how far back service calls count
 * @param minRequests fewer service calls than this in the window never trigger a rollback
 * @param errorRate share of failed service calls (0..1) at or above which the rule is rolled back
 */
@ConfigurationProperties("strangler.proxy.rollback")
record RollbackSettings(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration window,
        @DefaultValue("20") int minRequests, @DefaultValue("0.5") double errorRate) {

    RollbackSettings {
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("strangler.proxy.rollback.window: must be at least 1s, was " + window);
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException(
                    "strangler.proxy.rollback.min-requests: must be at least 1, was " + minRequests);
        }
        if (!(errorRate > 0 && errorRate <= 1)) {
            throw new IllegalArgumentException(
                    "strangler.proxy.rollback.error-rate: must be above 0 and at most 1, was " + errorRate);
        }
    }

}
