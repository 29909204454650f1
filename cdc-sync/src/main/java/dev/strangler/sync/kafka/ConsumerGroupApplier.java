package dev.strangler.sync.kafka;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.pipeline.MappedColumns;
import dev.strangler.sync.pipeline.StreamObserver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a stream's applier consumer group, on a thread of its own. Each poll is applied by a
 * {@link ChangeApplier} in one target transaction together with the new positions of the partitions it came from
 * ({@link KafkaOffsets}); on assignment the member seeks to the stored positions. Kafka's committed offsets are never
 * used: after any crash the target has the rows and their offsets, or neither.
 *
 * <p>On assignment the member claims its partitions ({@link KafkaOffsets#claim}); each batch is fenced by those
 * claims, so a member replaced in a rebalance without noticing rolls its batch back and stops applying the partitions
 * it lost. A partition without a stored offset whose log no longer starts at 0 lost records to retention before they
 * were applied: the stream stops rather than start at the new beginning.
 */
final class ConsumerGroupApplier implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupApplier.class);
    private static final Duration POLL = Duration.ofMillis(100);
    static final int MAX_POLL_RECORDS = 5_000;

    private final Direction direction;
    private final String group;
    private final Collection<String> topics;
    private final DatabaseEndpoint target;
    private final ChangeApplier applier;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DrainMarkers markers;
    private final StreamObserver observer;
    private final MappedColumns mappedColumns;
    private final String stream;
    private final int partitionCount;
    private final SchemaTopic schemas;
    private final ChangeRecordCodec codec;
    private final Map<TopicPartition, PartitionPosition> positions = new HashMap<>();
    private final Map<TopicPartition, Long> epochs = new HashMap<>();
    private final String member;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    /**
     * @param member this member's name, unique in the group across processes (its static group membership, so that a
     *     restarted member takes its partitions back at once) and the replication origin of its applier session
     */
    ConsumerGroupApplier(Direction direction, ChangeTopics topics, String bootstrapServers, String member,
            DatabaseEndpoint target, ChangeApplier applier, DrainMarkers markers, StreamObserver observer,
            MappedColumns mappedColumns, String stream, int partitionCount) {
        this.direction = direction;
        this.group = topics.consumerGroup();
        this.topics = topics.all().values();
        this.target = target;
        this.applier = applier;
        this.markers = markers;
        this.observer = observer;
        this.mappedColumns = mappedColumns;
        this.stream = stream;
        this.partitionCount = partitionCount;
        this.member = member;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, member);
        // Offsets live in the target database; Kafka's are neither committed nor read.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Every partition is positioned explicitly on assignment; an out-of-range stored offset (data deleted by
        // retention before it was applied) must stop the stream, not silently skip.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        // Larger fetches, fewer position writes: a poll is applied as one target transaction with its offsets, so
        // the fixed cost per transaction (claims fenced, offsets written, commit) is shared by up to 5,000 changes.
        // A partition's fetch must hold that many too: 8 MB, also for records in the old format (schema inline,
        // 3-5 KB each) still in the topics.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.schemas = new SchemaTopic(topics.schemaTopic(), bootstrapServers, member + "-schemas");
        this.codec = new ChangeRecordCodec(schemas);
        this.thread = new Thread(this, "apply-" + member);
    }

    void start() {
        thread.start();
    }

    /** Whether this member has joined the group and been given its partitions. */
    boolean isConsuming() {
        return running && thread.isAlive() && assigned;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new SeekToStoredOffsets());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    apply(records);
                }
            }
        }
        catch (WakeupException ex) {
            if (running) {
                observer.failed(direction, ex);
            }
        }
        catch (Exception ex) {
            if (running) {
                log.error("Applier {} of group {} stopped", thread.getName(), group, ex);
                observer.failed(direction, ex);
            }
        }
        finally {
            running = false;
            // Static member: closing does not leave the group, so a restart gets the same partitions back at once.
            consumer.close(Duration.ofSeconds(2));
            schemas.close();
            applier.close();
        }
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        long started = System.nanoTime();
        List<SourceChange> changes = new ArrayList<>(records.count());
        Map<TopicPartition, PartitionPosition> next = new LinkedHashMap<>();
        Map<String, Set<TopicPartition>> reached = new LinkedHashMap<>();
        Map<TopicPartition, Long> newest = new HashMap<>();
        int republished = 0;
        for (TopicPartition partition : records.partitions()) {
            PartitionPosition position = positions.getOrDefault(partition, PartitionPosition.beginning());
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                SourceChange change = codec.decode(record);
                if (position.alreadyApplied(record.offset(), change)) {
                    republished += change.kind() == SourceChange.Kind.ROW ? 1 : 0;
                    position = new PartitionPosition(Math.max(position.nextOffset(), record.offset() + 1),
                            position.lastRow());
                    continue;
                }
                position = position.after(record.offset(), change);
                if (!change.position().snapshot() && change.position().lsn() != null) {
                    newest.merge(partition, change.position().lsn(), Math::max);
                }
                if (change.kind() == SourceChange.Kind.MARKER && change.marker() != null) {
                    // Counted once every partition reached it, not here: see DrainMarkers.
                    reached.computeIfAbsent(change.marker(), m -> new HashSet<>()).add(partition);
                }
                else {
                    changes.add(change);
                }
            }
            next.put(partition, position);
        }
        mappedColumns.check(changes);
        Map<TopicPartition, Long> fence = new HashMap<>();
        next.keySet().forEach(partition -> fence.put(partition, epochs.getOrDefault(partition, -1L)));
        ApplyResult result;
        try {
            result = applier.apply(changes, connection -> {
                KafkaOffsets.fence(connection, group, fence);
                KafkaOffsets.write(connection, group, next);
                KafkaOffsets.writeNewest(connection, group, newest);
                KafkaOffsets.writeAppliedPosition(connection, group, stream, partitionCount);
            });
        }
        catch (KafkaOffsets.StaleClaim ex) {
            stopApplying(ex.partitions(), next.keySet());
            log.warn("Applier {} of group {}: {}", thread.getName(), group, ex.getMessage());
            return;
        }
        positions.putAll(next);
        observer.batchApplied(direction, new ApplyResult(result.appliedByTable(), result.duplicates() + republished,
                result.loopGuarded(), List.of(), result.newestSourceMillis(), result.position()),
                Duration.ofNanos(System.nanoTime() - started));
        List<String> drained = markers.reached(reached);
        if (!drained.isEmpty()) {
            observer.batchApplied(direction, new ApplyResult(Map.of(), 0, 0, drained, 0, null), Duration.ZERO);
        }
    }

    /** Stops (or resumes) moving the target's identity sequences with each poll (see {@link ChangeApplier}). */
    void holdIdentitySequences(boolean hold) {
        applier.holdIdentitySequences(hold);
    }

    /**
     * After a batch was refused for partitions another member claimed: those are paused until a rebalance gives them
     * back, the others of the batch (rolled back with it) are read again from their last applied offset.
     */
    private void stopApplying(Set<TopicPartition> lost, Set<TopicPartition> inBatch) {
        consumer.pause(lost);
        for (TopicPartition partition : lost) {
            positions.remove(partition);
            epochs.remove(partition);
        }
        for (TopicPartition partition : inBatch) {
            PartitionPosition position = positions.get(partition);
            if (!lost.contains(partition) && position != null) {
                consumer.seek(partition, position.nextOffset());
            }
        }
    }

    /** Moves the target's identity sequences past every synced id (between two batches of this member). */
    void advanceIdentitySequences() throws SQLException {
        applier.advanceIdentitySequences();
    }

    /** Stops polling and waits for the member's thread; the batch in progress either commits or rolls back. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Thrown from the rebalance listener; a {@code KafkaException} so that {@code poll} rethrows it as it is. */
    static final class RecordsLostToRetention extends org.apache.kafka.common.KafkaException {

        private static final long serialVersionUID = 1L;

        RecordsLostToRetention(String message) {
            super(message);
        }
    }

    /** Positions newly assigned partitions from the target database, never from Kafka's committed offsets. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                assigned = true;
                return;
            }
            Map<TopicPartition, PartitionPosition> stored;
            try (Connection connection = target.connect()) {
                // Claim first, then read: a former owner's batch committed before the claim is read back here, one
                // it commits after is refused by the fence.
                connection.setAutoCommit(false);
                epochs.putAll(KafkaOffsets.claim(connection, group, member, partitions));
                stored = KafkaOffsets.read(connection, group, partitions);
                connection.commit();
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Could not claim the partitions or read the offsets of group " + group
                        + ": " + ex.getMessage(), ex);
            }
            consumer.resume(partitions);
            List<TopicPartition> fromBeginning = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                PartitionPosition position = stored.get(partition);
                if (position == null) {
                    fromBeginning.add(partition);
                    positions.put(partition, PartitionPosition.beginning());
                }
                else {
                    consumer.seek(partition, position.nextOffset());
                    positions.put(partition, position);
                }
            }
            if (!fromBeginning.isEmpty()) {
                refuseRecordsLostToRetention(fromBeginning);
                consumer.seekToBeginning(fromBeginning);
            }
            log.info("Applier {} took {} (stored offsets: {})", thread.getName(), partitions, stored.size());
            assigned = true;
        }

        /**
         * A partition never applied must still hold its first record: one whose log starts later lost records to
         * retention before any was applied, and starting at the new beginning would skip them in silence.
         */
        private void refuseRecordsLostToRetention(List<TopicPartition> partitions) {
            for (Map.Entry<TopicPartition, Long> start : consumer.beginningOffsets(partitions).entrySet()) {
                if (start.getValue() > 0) {
                    throw new RecordsLostToRetention("Partition " + start.getKey().partition() + " of topic "
                            + start.getKey().topic() + " has no offset stored for group " + group + " in "
                            + KafkaOffsets.TABLE + " of the target, and its log starts at offset " + start.getValue()
                            + ": records 0 to " + (start.getValue() - 1) + " were deleted (retention) before they "
                            + "were applied, so starting there would skip them. Resync the target from the source "
                            + "(a fresh snapshot of the pipeline's tables), then store the partition's current end "
                            + "offset in " + KafkaOffsets.TABLE + " and start again; keep the topics' retention "
                            + "longer than appliers may stay stopped.");
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to commit: every applied batch already stored its offsets with its rows.
            partitions.forEach(positions::remove);
            partitions.forEach(epochs::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(positions::remove);
            partitions.forEach(epochs::remove);
        }
    }
}
