package dev.strangler.sync.kafka;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.pipeline.MappedColumns;
import dev.strangler.sync.pipeline.StreamObserver;
import java.sql.Connection;
import java.sql.DriverManager;
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
 */
final class ConsumerGroupApplier implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupApplier.class);
    private static final Duration POLL = Duration.ofMillis(100);

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
    private final ChangeRecordCodec codec = new ChangeRecordCodec();
    private final Map<TopicPartition, PartitionPosition> positions = new HashMap<>();
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
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
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
        ApplyResult result = applier.apply(changes, connection -> {
            KafkaOffsets.write(connection, group, next);
            KafkaOffsets.writeNewest(connection, group, newest);
            KafkaOffsets.writeAppliedPosition(connection, group, stream, partitionCount);
        });
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

    /** Positions newly assigned partitions from the target database, never from Kafka's committed offsets. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                assigned = true;
                return;
            }
            Map<TopicPartition, PartitionPosition> stored;
            try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.username(),
                    target.password())) {
                stored = KafkaOffsets.read(connection, group, partitions);
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Could not read the offsets of group " + group + ": "
                        + ex.getMessage(), ex);
            }
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
                consumer.seekToBeginning(fromBeginning);
            }
            log.info("Applier {} took {} (stored offsets: {})", thread.getName(), partitions, stored.size());
            assigned = true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to commit: every applied batch already stored its offsets with its rows.
            partitions.forEach(positions::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(positions::remove);
        }
    }
}
