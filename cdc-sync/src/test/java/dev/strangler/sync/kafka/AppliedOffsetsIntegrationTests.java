package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a partition that was never applied starts, on a real target database: at its first record, whatever the
 * other partitions of the stream applied meanwhile; behind a pipeline's last applied row only when the sink was told
 * that position (a pipeline moved from cdc-sync onto Kafka Connect).
 */
class AppliedOffsetsIntegrationTests {

    private static final TopicPartition FIRST = new TopicPartition("changes", 0);

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final PipelineDefinition definition = KafkaPipelines.customersOverKafka(pair.databases(), 2);
    private final String stream = definition.streamName(Direction.FORWARD);
    private final DatabaseEndpoint target = definition.applied(Direction.FORWARD);

    @Test
    void aPartitionNeverAppliedStartsAtItsFirstRecordWhateverTheStreamsStoredPosition() throws Exception {
        AppliedOffsets sink = offsets("sink", null);
        sink.createTables();
        // The stream's applied position as the app stores it (or as this group's other partitions moved it on): past
        // every record of this partition, none of which was applied by this group.
        try (Connection connection = target.connect()) {
            SourcePositions.createIfAbsent(connection);
            SourcePositions.write(connection, stream, new SourcePosition("{}", 200L, 210L, false));
        }
        sink.claim(List.of(FIRST));

        assertThat(sink.batch().add(FIRST, 0, row(100, 110))).as("the partition's first record").isTrue();
    }

    @Test
    void aPartitionOfAMovedPipelineStartsBehindTheRowTheAppAppliedLast() throws Exception {
        AppliedOffsets moved = offsets("moved", new SourcePosition("{}", 200L, 210L, false));
        moved.createTables();
        moved.claim(List.of(FIRST));

        AppliedOffsets.Batch batch = moved.batch();
        assertThat(batch.add(FIRST, 0, row(200, 210))).as("a change the app applied, sent again").isFalse();
        assertThat(batch.add(FIRST, 1, row(300, 310))).as("a change after it").isTrue();
    }

    private AppliedOffsets offsets(String member, @Nullable SourcePosition appliedBeforeTheMove) {
        return new AppliedOffsets("connect-test", member, stream, target, appliedBeforeTheMove);
    }

    private static SourceChange row(long commitLsn, long lsn) {
        return new SourceChange(SourceChange.Kind.ROW, new RowChange(TableName.parse("customers"),
                RowChange.Kind.UPDATE, Map.of("id", 1L), Map.of("id", 1L)),
                new SourcePosition("{}", commitLsn, lsn, false), 0, null, null);
    }
}
