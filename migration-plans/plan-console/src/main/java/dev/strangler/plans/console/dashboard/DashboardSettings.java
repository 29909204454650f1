package dev.strangler.plans.console.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dashboard signs people in and how it samples the engines for its charts.
 *
 * @param sessionTimeout how long a dashboard sign-in lasts (absolute, from sign-in), more than 0 and at most 7 days
 * @param sampleEvery how often the console samples the engines' figures into the charts' 15-minute history
 */
@ConfigurationProperties("strangler.console.dashboard")
record DashboardSettings(@DefaultValue("8h") Duration sessionTimeout, @DefaultValue("5s") Duration sampleEvery) {

    DashboardSettings {
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || sessionTimeout.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("strangler.console.dashboard.session-timeout: must be more than 0 and "
                    + "at most 7d, was " + sessionTimeout);
        }
        if (sampleEvery.compareTo(Duration.ofSeconds(1)) < 0 || sampleEvery.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("strangler.console.dashboard.sample-every: must be 1s to 1m, was "
                    + sampleEvery);
        }
    }
}
