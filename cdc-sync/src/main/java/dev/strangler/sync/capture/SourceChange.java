package dev.strangler.sync.capture;

import dev.strangler.sync.mapping.RowChange;
import org.jspecify.annotations.Nullable;

/**
 * One record from a capture stream, decoded: a row change, a heartbeat, or a marker a pipeline wrote to find out when
 * everything before it has been applied.
 *
 * @param row the row change, for {@link Kind#ROW} only
 * @param origin the replication origin that wrote the change, when an applier did (then it must not be applied back)
 * @param sourceTimestampMillis when the source committed the change (for heartbeats: when it was sent)
 * @param marker the marker text, for {@link Kind#MARKER} only
 */
public record SourceChange(Kind kind, @Nullable RowChange row, SourcePosition position, long sourceTimestampMillis,
        @Nullable String origin, @Nullable String marker) {

    /** What a capture record is. */
    public enum Kind {
        ROW, HEARTBEAT, MARKER, OTHER
    }

    public boolean writtenByAnApplier() {
        return origin != null && !origin.isEmpty();
    }
}
