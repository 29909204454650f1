package dev.strangler.sync.kafka;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import org.jspecify.annotations.Nullable;

/**
 * How far the appliers got in one partition: the next Kafka offset to read, and the source position of the last row
 * change applied from it. The second one recognises a change that capture published twice (it was acknowledged,
 * but capture stopped before its source offset was flushed, so it was read from the slot again and sent again).
 *
 * @param lastRow {@code [last commit LSN, event LSN]} of the last row change applied from this partition
 */
record PartitionPosition(long nextOffset, @Nullable SourcePosition lastRow) {

    static PartitionPosition beginning() {
        return new PartitionPosition(0, null);
    }

    /**
     * Whether the record at {@code offset} carrying {@code change} was already applied: below the next offset, or a
     * row change that a later copy of the same WAL record already covered. One partition holds its keys' changes in
     * WAL order, so an older or equal position in it can only be a republished one.
     */
    boolean alreadyApplied(long offset, SourceChange change) {
        if (offset < nextOffset) {
            return true;
        }
        return change.kind() == SourceChange.Kind.ROW && lastRow != null && lastRow.covers(change.position());
    }

    /** The position after the record at {@code offset} carrying {@code change}. */
    PartitionPosition after(long offset, SourceChange change) {
        return new PartitionPosition(offset + 1, change.kind() == SourceChange.Kind.ROW ? change.position() : lastRow);
    }
}
