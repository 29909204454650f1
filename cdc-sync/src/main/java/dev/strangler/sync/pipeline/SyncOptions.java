package dev.strangler.sync.pipeline;

import java.time.Duration;

/**
 * How pipelines run, for every pipeline of an engine.
 *
 * @param heartbeat how often capture writes a heartbeat (bounds idle lag and keeps filtered slots moving)
 * @param poll how long capture waits between empty polls of the WAL stream
 * @param drainTimeout how long a direction switch waits for the old direction to apply everything
 */
public record SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout) {

    public static SyncOptions defaults() {
        return new SyncOptions(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(2));
    }
}
