package dev.strangler.proxy.shadow;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep shadow traffic from ever costing the client anything.
 *
 * @param timeout how long a comparison waits for both answers before it counts as failed
 * @param maxBody bodies larger than this are not compared
 * @param maxInFlight shadow calls beyond this many at once are skipped, not queued
 * @param keepDiffs how many of the latest differing responses each rule keeps for the admin API
 */
@ConfigurationProperties("strangler.proxy.shadow")
record ShadowSettings(@DefaultValue("5s") Duration timeout, @DefaultValue("1MB") DataSize maxBody,
        @DefaultValue("64") int maxInFlight, @DefaultValue("20") int keepDiffs) {

    ShadowSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("strangler.proxy.shadow.max-in-flight: must be at least 1, was " + maxInFlight);
        }
        if (keepDiffs < 1) {
            throw new IllegalArgumentException("strangler.proxy.shadow.keep-diffs: must be at least 1, was " + keepDiffs);
        }
        if (maxBody.toBytes() < 1 || maxBody.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("strangler.proxy.shadow.max-body: must be between 1B and 2GB, was " + maxBody);
        }
    }

}
