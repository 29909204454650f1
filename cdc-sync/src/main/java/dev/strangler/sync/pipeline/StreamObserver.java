package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.mapping.Direction;
import java.time.Duration;

/** What a running stream reports to its pipeline. */
public interface StreamObserver {

    void batchApplied(Direction direction, ApplyResult result, Duration took);

    void failed(Direction direction, Throwable failure);

    /** Progress of the direction's initial copy, after each committed chunk and once at the end. */
    default void copyProgress(Direction direction, CopyProgress progress) {
    }
}
