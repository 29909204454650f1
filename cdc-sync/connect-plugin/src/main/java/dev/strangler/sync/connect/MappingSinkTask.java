package dev.strangler.sync.connect;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.kafka.AppliedOffsets;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.MappedColumns;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task of {@link MappingSinkConnector}: each {@link #put} is one target transaction of cdc-sync's
 * {@link ChangeApplier} holding the rows and each partition's next offset ({@link AppliedOffsets}, the Kafka
 * transport's tables, keyed by the connector's consumer group). {@link #open} claims the partitions and seeks them to
 * the stored offsets; {@link #preCommit} hands Kafka only those stored offsets, so Kafka's committed offsets are never
 * ahead of the target (they are informational; the target's are the ones read).
 */
public final class MappingSinkTask extends SinkTask {

    static final String VERSION = "1";

    private static final Logger log = LoggerFactory.getLogger(MappingSinkTask.class);

    private final DebeziumRecords records = new DebeziumRecords();
    private @Nullable ChangeApplier applier;
    private @Nullable AppliedOffsets offsets;
    private @Nullable MappedColumns mappedColumns;
    private String member = "";

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        SinkSettings settings = new SinkSettings(props);
        PipelineDefinition pipeline = settings.pipeline();
        Direction direction = settings.direction(pipeline);
        // One replication origin per task: an origin is held by one session at a time.
        member = pipeline.streamName(direction) + "_connect_" + settings.task();
        offsets = new AppliedOffsets("connect-" + settings.connectorName(), member, pipeline.streamName(direction),
                pipeline.applied(direction), settings.appliedBeforeTheMove());
        mappedColumns = new MappedColumns(pipeline, direction);
        try {
            offsets.createTables();
            applier = new ChangeApplier(member, pipeline.applied(direction), pipeline.plan(direction), false);
            applier.open();
        }
        catch (SQLException ex) {
            throw new ConnectException("Task " + member + " cannot open the target database "
                    + pipeline.applied(direction).jdbcUrl() + ": " + ex.getMessage(), ex);
        }
        log.info("Sink task {} applies pipeline {} {} into {}", member, pipeline.name(), direction,
                pipeline.applied(direction).jdbcUrl());
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> seek = requireOffsets().claim(partitions);
            // Offsets stored with the rows win over the consumer group's; a partition never applied starts at 0 (its
            // first record), never at the group's committed offset.
            context.offset(seek);
            log.info("Sink task {} took {} at {}", member, partitions, seek);
        }
        catch (SQLException ex) {
            throw new ConnectException("Task " + member + " could not claim " + partitions + " or read their offsets: "
                    + ex.getMessage(), ex);
        }
    }

    @Override
    public void put(Collection<SinkRecord> sinkRecords) {
        if (sinkRecords.isEmpty()) {
            return;
        }
        AppliedOffsets.Batch batch = requireOffsets().batch();
        List<SourceChange> changes = new ArrayList<>(sinkRecords.size());
        for (SinkRecord record : sinkRecords) {
            SourceChange change = records.decode(record);
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            if (batch.add(partition, record.kafkaOffset(), change)) {
                changes.add(change);
            }
        }
        try {
            requireMappedColumns().check(changes);
            requireApplier().apply(changes, batch.inTransaction());
        }
        catch (SQLException | RuntimeException ex) {
            // Nothing of the batch stays in the target (one transaction): the task stops with the engine's message
            // (a dropped mapped column names table and column), and a restart resumes from the stored offsets.
            throw new ConnectException("Sink task " + member + " stopped: " + ex.getMessage(), ex);
        }
        batch.committed();
    }

    /** Only what the target holds: Kafka's committed offsets never run ahead of the applied rows. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
        requireOffsets().applied().forEach((partition, next) -> {
            if (currentOffsets.containsKey(partition)) {
                applied.put(partition, new OffsetAndMetadata(next));
            }
        });
        return applied;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (offsets != null) {
            offsets.release(partitions);
        }
    }

    @Override
    public void stop() {
        if (applier != null) {
            applier.close();
        }
    }

    private ChangeApplier requireApplier() {
        if (applier == null) {
            throw new IllegalStateException("task not started");
        }
        return applier;
    }

    private AppliedOffsets requireOffsets() {
        if (offsets == null) {
            throw new IllegalStateException("task not started");
        }
        return offsets;
    }

    private MappedColumns requireMappedColumns() {
        if (mappedColumns == null) {
            throw new IllegalStateException("task not started");
        }
        return mappedColumns;
    }
}
