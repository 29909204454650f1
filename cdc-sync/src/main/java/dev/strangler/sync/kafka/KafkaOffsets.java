package dev.strangler.sync.kafka;

import dev.strangler.sync.mapping.KitTables;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.capture.SourcePositions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The table {@code strangler_sync_kafka_offset} in the target database: per consumer group and partition, the next
 * offset to read and the source position of the last row applied from it. Written by the applier in the same
 * transaction as the rows, so it is exactly as durable as they are; on assignment the appliers seek to it. Kafka's own
 * committed offsets are never read.
 *
 * <p>Writes are fenced: on assignment a member claims each partition in {@code strangler_sync_kafka_claim} (the
 * partition's epoch goes up by one), and every batch checks, in its own transaction and under a lock on the claim
 * rows, that its epochs are still the current ones. A member that lost a partition in a rebalance without noticing
 * (a zombie: stalled, then replaced) therefore rolls back instead of overwriting the new owner's rows and offsets.
 */
final class KafkaOffsets {

    static final String TABLE = "public.strangler_sync_kafka_offset";
    static final String CLAIMS = "public.strangler_sync_kafka_claim";

    private KafkaOffsets() {
    }

    static void createIfAbsent(Connection connection) throws SQLException {
        KitTables.createIfAbsent(connection, TABLE,
                "CREATE TABLE IF NOT EXISTS " + TABLE + " (consumer_group text NOT NULL, "
                        + "topic text NOT NULL, topic_partition integer NOT NULL, next_offset bigint NOT NULL, "
                        + "commit_lsn bigint, event_lsn bigint, snapshot boolean NOT NULL DEFAULT false, "
                        + "updated_at timestamptz NOT NULL DEFAULT now(), "
                        + "PRIMARY KEY (consumer_group, topic, topic_partition))",
                // The newest streamed (non-snapshot) WAL position read from the partition, heartbeats included.
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS newest_lsn bigint",
                "CREATE TABLE IF NOT EXISTS " + CLAIMS + " (consumer_group text NOT NULL, "
                        + "topic text NOT NULL, topic_partition integer NOT NULL, epoch bigint NOT NULL, "
                        + "member text NOT NULL, claimed_at timestamptz NOT NULL DEFAULT now(), "
                        + "PRIMARY KEY (consumer_group, topic, topic_partition))");
    }

    static Map<TopicPartition, PartitionPosition> read(Connection connection, String group,
            Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, PartitionPosition> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT next_offset, commit_lsn, event_lsn, "
                + "snapshot FROM " + TABLE + " WHERE consumer_group = ? AND topic = ? AND topic_partition = ?")) {
            for (TopicPartition partition : partitions) {
                select.setString(1, group);
                select.setString(2, partition.topic());
                select.setInt(3, partition.partition());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        Long commitLsn = rs.getObject(2, Long.class);
                        Long eventLsn = rs.getObject(3, Long.class);
                        SourcePosition lastRow = commitLsn == null && eventLsn == null ? null
                                : new SourcePosition("", commitLsn, eventLsn, rs.getBoolean(4));
                        found.put(partition, new PartitionPosition(rs.getLong(1), lastRow));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Claims {@code partitions} for {@code member}: each one's epoch goes up by one. Runs in the caller's transaction;
     * read the stored offsets after it, in the same transaction, so that a batch a former owner commits before the
     * claim is seen and one it commits after is refused.
     */
    static Map<TopicPartition, Long> claim(Connection connection, String group, String member,
            Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> epochs = new HashMap<>();
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO " + CLAIMS + " AS c (consumer_group, "
                + "topic, topic_partition, epoch, member) VALUES (?, ?, ?, 1, ?) ON CONFLICT (consumer_group, topic, "
                + "topic_partition) DO UPDATE SET epoch = c.epoch + 1, member = EXCLUDED.member, claimed_at = now() "
                + "RETURNING epoch")) {
            for (TopicPartition partition : partitions) {
                claim.setString(1, group);
                claim.setString(2, partition.topic());
                claim.setInt(3, partition.partition());
                claim.setString(4, member);
                try (ResultSet rs = claim.executeQuery()) {
                    rs.next();
                    epochs.put(partition, rs.getLong(1));
                }
            }
        }
        return epochs;
    }

    /**
     * Checks, in the applier's transaction, that every partition of the batch is still claimed with the epoch this
     * member holds, and keeps the claims locked until the transaction ends (a concurrent claim waits, then sees the
     * batch's offsets).
     *
     * @throws StaleClaim naming the partitions another member has claimed since
     */
    static void fence(Connection connection, String group, Map<TopicPartition, Long> epochs) throws SQLException {
        Map<TopicPartition, String> lost = new HashMap<>();
        try (PreparedStatement check = connection.prepareStatement("SELECT epoch, member FROM " + CLAIMS
                + " WHERE consumer_group = ? AND topic = ? AND topic_partition = ? FOR SHARE")) {
            for (Map.Entry<TopicPartition, Long> entry : epochs.entrySet()) {
                check.setString(1, group);
                check.setString(2, entry.getKey().topic());
                check.setInt(3, entry.getKey().partition());
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next()) {
                        lost.put(entry.getKey(), "no claim");
                    }
                    else if (rs.getLong(1) != entry.getValue()) {
                        lost.put(entry.getKey(), "epoch " + rs.getLong(1) + " of " + rs.getString(2) + ", this member "
                                + "holds " + entry.getValue());
                    }
                }
            }
        }
        if (!lost.isEmpty()) {
            throw new StaleClaim(lost);
        }
    }

    /** A batch of partitions another member of the group has claimed since this one did: it must not commit. */
    static final class StaleClaim extends SQLException {

        private static final long serialVersionUID = 1L;

        private final transient Map<TopicPartition, String> lost;

        StaleClaim(Map<TopicPartition, String> lost) {
            super("Partitions claimed by another member since this one took them (it was replaced in a rebalance); "
                    + "its batch is rolled back: " + lost);
            this.lost = Map.copyOf(lost);
        }

        java.util.Set<TopicPartition> partitions() {
            return lost.keySet();
        }
    }

    /** Stores the positions; runs in the caller's (the applier's) transaction. */
    static void write(Connection connection, String group, Map<TopicPartition, PartitionPosition> positions)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE + " (consumer_group, "
                + "topic, topic_partition, next_offset, commit_lsn, event_lsn, snapshot, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (consumer_group, topic, topic_partition) DO UPDATE "
                + "SET next_offset = EXCLUDED.next_offset, commit_lsn = EXCLUDED.commit_lsn, "
                + "event_lsn = EXCLUDED.event_lsn, snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at")) {
            for (Map.Entry<TopicPartition, PartitionPosition> entry : positions.entrySet()) {
                SourcePosition lastRow = entry.getValue().lastRow();
                upsert.setString(1, group);
                upsert.setString(2, entry.getKey().topic());
                upsert.setInt(3, entry.getKey().partition());
                upsert.setLong(4, entry.getValue().nextOffset());
                setLong(upsert, 5, lastRow == null ? null : lastRow.commitLsn());
                setLong(upsert, 6, lastRow == null ? null : lastRow.lsn());
                upsert.setBoolean(7, lastRow != null && lastRow.snapshot());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Records the newest streamed WAL position applied per partition; runs in the applier's transaction. */
    static void writeNewest(Connection connection, String group, Map<TopicPartition, Long> newest)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET newest_lsn = "
                + "greatest(coalesce(newest_lsn, 0), ?) WHERE consumer_group = ? AND topic = ? AND topic_partition = ?")) {
            for (Map.Entry<TopicPartition, Long> entry : newest.entrySet()) {
                update.setLong(1, entry.getValue());
                update.setString(2, group);
                update.setString(3, entry.getKey().topic());
                update.setInt(4, entry.getKey().partition());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Stores the stream's applied position in {@code strangler_sync_position}, as the in-process applier does, so
     * that the verifier's lag-aware re-check works over Kafka too: the lowest newest position over all partitions of
     * the group (every change committed before it is applied, because heartbeats and markers reach every partition),
     * once each of {@code partitions} has one. Members commit concurrently, so a value may be computed from another
     * member's older row: it can only be too low (the verifier then waits a little longer), never too high.
     */
    static void writeAppliedPosition(Connection connection, String group, String stream, int partitions)
            throws SQLException {
        writeAppliedPosition(connection, group, stream, "?", partitions);
    }

    /**
     * {@link #writeAppliedPosition(Connection, String, String, int)} for a group whose partition count the member
     * does not know (a Kafka Connect sink task sees only its own share): every partition the group ever claimed must
     * have a newest position. Connect assigns all partitions of the topics at once, so the claims name them all.
     */
    static void writeAppliedPosition(Connection connection, String group, String stream) throws SQLException {
        writeAppliedPosition(connection, group, stream, "(SELECT count(*) FROM " + CLAIMS
                + " WHERE consumer_group = ?)", group);
    }

    /** The commit and event LSN columns stay as they are: they are the skip key of an in-process applier's row. */
    private static void writeAppliedPosition(Connection connection, String group, String stream, String required,
            Object requiredValue) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + SourcePositions.TABLE
                + " (stream, source_offset, commit_lsn, event_lsn, snapshot, updated_at) "
                + "SELECT ?, json_build_object('lsn', min(newest_lsn))::text, NULL, NULL, false, now() FROM " + TABLE
                + " WHERE consumer_group = ? HAVING count(newest_lsn) >= " + required + " "
                + "ON CONFLICT (stream) DO UPDATE SET source_offset = EXCLUDED.source_offset, "
                + "snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at")) {
            upsert.setString(1, stream);
            upsert.setString(2, group);
            upsert.setObject(3, requiredValue);
            upsert.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        }
        else {
            statement.setLong(index, value);
        }
    }
}
