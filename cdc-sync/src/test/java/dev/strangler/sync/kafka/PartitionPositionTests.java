package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recognising records of a partition that were already applied: by offset, and by source position when republished. */
class PartitionPositionTests {

    @Test
    void skipsARowChangeThatCapturePublishedAgainAfterARestart() {
        PartitionPosition position = PartitionPosition.beginning().after(0, row(100, 110)).after(1, row(100, 120));

        assertThat(position.alreadyApplied(2, row(100, 110))).isTrue();
        assertThat(position.alreadyApplied(3, row(100, 120))).isTrue();
        assertThat(position.alreadyApplied(4, row(130, 125))).isFalse();
    }

    @Test
    void skipsRecordsBelowTheNextOffset() {
        PartitionPosition position = new PartitionPosition(5, null);

        assertThat(position.alreadyApplied(4, row(200, 210))).isTrue();
        assertThat(position.alreadyApplied(5, row(200, 210))).isFalse();
    }

    @Test
    void neverSkipsSnapshotReadsOrHeartbeats() {
        PartitionPosition position = PartitionPosition.beginning().after(0, row(100, 110));
        SourceChange read = new SourceChange(SourceChange.Kind.ROW, change(RowChange.Kind.READ),
                new SourcePosition("{}", 50L, 60L, true), 0, null, null);
        SourceChange heartbeat = new SourceChange(SourceChange.Kind.HEARTBEAT, null,
                new SourcePosition("{}", 50L, 60L, false), 0, null, null);

        assertThat(position.alreadyApplied(1, read)).isFalse();
        assertThat(position.alreadyApplied(1, heartbeat)).isFalse();
        assertThat(position.after(1, heartbeat).lastRow()).isEqualTo(position.lastRow());
    }

    private static SourceChange row(long commitLsn, long lsn) {
        return new SourceChange(SourceChange.Kind.ROW, change(RowChange.Kind.UPDATE),
                new SourcePosition("{}", commitLsn, lsn, false), 0, null, null);
    }

    private static RowChange change(RowChange.Kind kind) {
        return new RowChange(TableName.parse("customers"), kind, Map.of("id", 1L), Map.of("id", 1L));
    }
}
