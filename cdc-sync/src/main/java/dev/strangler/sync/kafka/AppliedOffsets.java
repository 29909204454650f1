package dev.strangler.sync.kafka;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka transport's applied offsets for an applier that Kafka itself does not run: a Kafka Connect sink task
 * ({@code cdc-sync/connect-plugin}). The same tables, claims and fence as the transport's own consumer group
 * ({@link KafkaOffsets}, {@link PartitionPosition}): per partition the next offset and the last applied row's source
 * position live in the target, written in the transaction of the rows; a member claims its partitions on assignment
 * and every batch checks its claims, so a replaced member (a zombie task) rolls its batch back.
 *
 * <p>Not thread-safe: one per applier (task), used from its thread.
 */
public final class AppliedOffsets {

    private final String group;
    private final String member;
    private final String stream;
    private final @Nullable SourcePosition appliedBeforeTheMove;
    private final DatabaseEndpoint target;
    private final Map<TopicPartition, PartitionPosition> positions = new HashMap<>();
    private final Map<TopicPartition, Long> epochs = new HashMap<>();

    /**
     * @param group the consumer group whose offsets these are (the key of the stored rows)
     * @param member this applier's name in claims; unique among the group's live members
     * @param stream the stream whose applied position ({@code strangler_sync_position}) the group's batches store:
     *     the lowest newest WAL position over the group's partitions, once every partition it claimed has one
     */
    public AppliedOffsets(String group, String member, String stream, DatabaseEndpoint target) {
        this(group, member, stream, target, null);
    }

    /**
     * As {@link #AppliedOffsets(String, String, String, DatabaseEndpoint)}, for a pipeline moved from cdc-sync:
     * {@code appliedBeforeTheMove} is the last row the app applied, so a partition never applied starts behind it.
     */
    public AppliedOffsets(String group, String member, String stream, DatabaseEndpoint target,
            @Nullable SourcePosition appliedBeforeTheMove) {
        this.appliedBeforeTheMove = appliedBeforeTheMove;
        this.group = group;
        this.member = member;
        this.stream = stream;
        this.target = target;
    }

    /** Creates the offset, claim and position tables in the target if missing. */
    public void createTables() throws SQLException {
        try (Connection connection = connect()) {
            KafkaOffsets.createIfAbsent(connection);
            SourcePositions.createIfAbsent(connection);
        }
    }

    /**
     * Claims {@code partitions} for this member and reads their stored offsets, in one transaction (a former owner's
     * batch committed before the claim is read back, one it commits after is refused by the fence). Returns where to
     * read each partition from: its stored next offset, or 0 for a partition never applied.
     *
     * <p>A partition never applied starts at its first record, or, for a pipeline that ran in cdc-sync and moved onto
     * Connect ({@code strangler export connect --from-running}), behind the last row the app applied before the move:
     * Debezium resumes from the app's position, and a change the app applied that it sends again is skipped. Never
     * behind the stream's stored position as it is now: the group's other partitions move that on, past records of
     * this partition that nobody applied.
     */
    public Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, PartitionPosition> stored;
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            epochs.putAll(KafkaOffsets.claim(connection, group, member, partitions));
            stored = KafkaOffsets.read(connection, group, partitions);
            connection.commit();
        }
        PartitionPosition beginning = new PartitionPosition(0, appliedBeforeTheMove);
        Map<TopicPartition, Long> seek = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionPosition position = stored.getOrDefault(partition, beginning);
            positions.put(partition, position);
            seek.put(partition, position.nextOffset());
        }
        return seek;
    }

    /** Forgets partitions this member no longer holds; nothing to store, every batch stored its own offsets. */
    public void release(Collection<TopicPartition> partitions) {
        partitions.forEach(positions::remove);
        partitions.forEach(epochs::remove);
    }

    /** The next offset of every partition held, as stored in the target: never ahead of what the target holds. */
    public Map<TopicPartition, Long> applied() {
        Map<TopicPartition, Long> applied = new HashMap<>();
        positions.forEach((partition, position) -> applied.put(partition, position.nextOffset()));
        return applied;
    }

    /** A new batch: add its records in partition order, apply its changes with {@link Batch#inTransaction()}. */
    public Batch batch() {
        return new Batch();
    }

    private Connection connect() throws SQLException {
        return target.connect();
    }

    /** The records of one applied transaction and the positions they move their partitions to. */
    public final class Batch {

        private final Map<TopicPartition, PartitionPosition> next = new LinkedHashMap<>();
        private final Map<TopicPartition, Long> newest = new HashMap<>();
        private int republished;

        private Batch() {
        }

        /**
         * Adds the record at {@code offset} of {@code partition}. Returns false when it was applied already (below the
         * stored offset, or a change capture published twice that a later copy already covered): leave it out.
         *
         * @throws IllegalStateException for a partition this member does not hold
         */
        public boolean add(TopicPartition partition, long offset, SourceChange change) {
            PartitionPosition position = next.containsKey(partition) ? next.get(partition) : positions.get(partition);
            if (position == null) {
                throw new IllegalStateException("Record of " + partition + " that this member has not claimed");
            }
            if (position.alreadyApplied(offset, change)) {
                republished += change.kind() == SourceChange.Kind.ROW ? 1 : 0;
                next.put(partition, new PartitionPosition(Math.max(position.nextOffset(), offset + 1),
                        position.lastRow()));
                return false;
            }
            next.put(partition, position.after(offset, change));
            if (!change.position().snapshot() && change.position().lsn() != null) {
                newest.merge(partition, change.position().lsn(), Math::max);
            }
            return true;
        }

        /** Row changes left out because a copy of them was applied already. */
        public int republished() {
            return republished;
        }

        /**
         * What the applier runs in the batch's transaction: the fence (refuses with {@code KafkaOffsets.StaleClaim},
         * an {@link SQLException}, when another member claimed one of the partitions since) and the new offsets.
         */
        public ChangeApplier.InTransaction inTransaction() {
            return connection -> {
                Map<TopicPartition, Long> fence = new HashMap<>();
                next.keySet().forEach(partition -> fence.put(partition, epochs.get(partition)));
                KafkaOffsets.fence(connection, group, fence);
                KafkaOffsets.write(connection, group, next);
                KafkaOffsets.writeNewest(connection, group, newest);
                KafkaOffsets.writeAppliedPosition(connection, group, stream);
            };
        }

        /** Call once the applier committed: the positions move on (and {@link #applied()} with them). */
        public void committed() {
            next.forEach((partition, position) -> {
                if (positions.containsKey(partition)) {
                    positions.put(partition, position);
                }
            });
        }
    }
}
