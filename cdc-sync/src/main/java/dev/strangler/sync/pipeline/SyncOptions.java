package dev.strangler.sync.pipeline;

import dev.strangler.sync.capture.ChangeCapture;
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
 * @param rollbackTail how long the reverse direction keeps running after a switch back to forward (a rollback from
 *     cutover), carrying to the shared database what the service still finishes on its own once its requests have
 *     stopped (a saga resumed by a sweep, a scheduled job); zero stops it at once
 * @param restartBackoff how long capture waits before it restarts after a retriable error (a dropped replication
 *     connection); the restart resumes from the applied position
 */
public record SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout, long identityHeadroom,
        Duration rollbackTail, Duration restartBackoff) {

    /** The default {@link #identityHeadroom}: minutes of a busy monolith's inserts into one table. */
    public static final long DEFAULT_IDENTITY_HEADROOM = 100_000;

    /**
     * The default {@link #rollbackTail}: longer than the work a service commonly resumes by itself after a crash
     * (order-service's saga claim is 2 minutes); raise it for a service whose background work runs longer.
     */
    public static final Duration DEFAULT_ROLLBACK_TAIL = Duration.ofMinutes(3);

    public SyncOptions {
        if (identityHeadroom < 1) {
            throw new IllegalArgumentException("identityHeadroom must be at least 1, was " + identityHeadroom);
        }
        if (rollbackTail.isNegative()) {
            throw new IllegalArgumentException("rollbackTail must not be negative, was " + rollbackTail);
        }
        if (restartBackoff.isNegative()) {
            throw new IllegalArgumentException("restartBackoff must not be negative, was " + restartBackoff);
        }
    }

    public SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout, long identityHeadroom,
            Duration rollbackTail) {
        this(heartbeat, poll, drainTimeout, identityHeadroom, rollbackTail,
                ChangeCapture.Spec.DEFAULT_RESTART_BACKOFF);
    }

    public SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout, long identityHeadroom) {
        this(heartbeat, poll, drainTimeout, identityHeadroom, DEFAULT_ROLLBACK_TAIL);
    }

    public SyncOptions(Duration heartbeat, Duration poll, Duration drainTimeout) {
        this(heartbeat, poll, drainTimeout, DEFAULT_IDENTITY_HEADROOM);
    }

    public static SyncOptions defaults() {
        return new SyncOptions(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(2));
    }

    /** These options with capture restarting {@code restartBackoff} after a retriable error. */
    public SyncOptions withRestartBackoff(Duration restartBackoff) {
        return new SyncOptions(heartbeat, poll, drainTimeout, identityHeadroom, rollbackTail, restartBackoff);
    }
}
