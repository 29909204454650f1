package dev.strangler.sync.pipeline;

import java.time.Duration;

/**
 * How pipelines run, for every pipeline of an engine.
 *
 * @param heartbeat how often capture writes a heartbeat (bounds idle lag and keeps filtered slots moving)
 * @param poll how long capture waits between empty polls of the WAL stream
 * @param drainTimeout how long a direction switch waits for the old direction to apply everything
 * @param identityHeadroom how many ids past the highest one handed out prepare-switch moves the new side's sequences,
 *     for what the old side still hands out until the routes flip and its last requests finish (see
 *     {@link IdentityFence}); the switch refuses when the old side used more
 */
public record SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout, long identityHeadroom) {

    /** The default {@link #identityHeadroom}: minutes of a busy monolith's inserts into one table. */
    public static final long DEFAULT_IDENTITY_HEADROOM = 100_000;

    public SyncOptions {
        if (identityHeadroom < 1) {
            throw new IllegalArgumentException("identityHeadroom must be at least 1, was " + identityHeadroom);
        }
    }

    public SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout) {
        this(heartbeat, poll, drainTimeout, DEFAULT_IDENTITY_HEADROOM);
    }

    public static SyncOptions defaults() {
        return new SyncOptions(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(2));
    }
}
