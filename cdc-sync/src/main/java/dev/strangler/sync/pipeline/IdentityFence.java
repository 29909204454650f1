package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the two sides of a switch from handing out the same id. Ids are preserved across systems, so an id the side
 * that takes over generates while a row of the old side with that id is still on its way would be overwritten by it
 * (and the other stream would overwrite its twin).
 *
 * <p>{@link #raise} runs at prepare-switch, before the proxy moves any write: the new side's sequence jumps to
 * {@code fence} = the highest id either side has handed out (rows and sequence positions) plus a headroom. The old
 * side keeps allocating until the routes flip and its last requests finish; as long as it stays at or below the
 * fence, every id it hands out is below every id the new side hands out. {@link #check} runs at switch, once the old
 * side takes no more writes and its stream is drained, and refuses when the old side's sequence went past the fence.
 *
 * <p>Covers single-column integer keys backed by a sequence or identity on the new side. Other keys are left alone:
 * uuid and text keys are not allocated from a counter and do not collide this way; a composite key is fenced only
 * through its parts that come from a fenced table (order lines keyed by a fenced order id); a composite key with a
 * part of its own counter, or ids the application assigns itself, are not covered.
 */
final class IdentityFence {

    private static final Logger log = LoggerFactory.getLogger(IdentityFence.class);
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    /** One fenced key: the new side's sequence starts past {@code fence}; the old side's must stay at or below it. */
    private record Fenced(String column, DatabaseEndpoint oldSide, TableName oldTable, String oldKey,
            @Nullable String oldSequence, long fence) {
    }

    private final String pipeline;
    private final Direction to;
    private final long headroom;
    private final List<Fenced> fenced;

    private IdentityFence(String pipeline, Direction to, long headroom, List<Fenced> fenced) {
        this.pipeline = pipeline;
        this.to = to;
        this.headroom = headroom;
        this.fenced = fenced;
    }

    /**
     * Moves the identity sequences of the side that takes writes in direction {@code to} past everything either side
     * has handed out, plus {@code headroom} ids for what the old side hands out until its writes stop. A sequence is
     * only ever moved forward.
     */
    static IdentityFence raise(PipelineDefinition pipeline, Direction to, long headroom) throws SQLException {
        DatabaseEndpoint oldSide = pipeline.captured(to.opposite());
        DatabaseEndpoint newSide = pipeline.captured(to);
        List<Fenced> fenced = new ArrayList<>();
        for (TableMapping mapping : pipeline.tables()) {
            if (mapping.key().size() != 1) {
                continue;
            }
            TableName oldTable = to == Direction.REVERSE ? mapping.source() : mapping.primary().table();
            String oldKey = to == Direction.REVERSE ? mapping.key().get(0) : mapping.primary().key().get(0);
            TableName newTable = to == Direction.REVERSE ? mapping.primary().table() : mapping.source();
            String newKey = to == Direction.REVERSE ? mapping.primary().key().get(0) : mapping.key().get(0);
            String newSequence = integerSequence(newSide, newTable, newKey);
            if (newSequence == null) {
                continue; // not allocated from a counter on the side that takes over: nothing to fence
            }
            String oldSequence = integerSequence(oldSide, oldTable, oldKey);
            long highest = Math.max(highestId(oldSide, oldTable, oldKey, oldSequence),
                    highestId(newSide, newTable, newKey, newSequence));
            long before = lastValue(newSide, newSequence);
            long fence = Math.max(before, Math.addExact(highest, headroom));
            if (fence > before) {
                setValue(newSide, newSequence, fence);
            }
            log.info("Pipeline {}: identity fence for {}: {}.{} ({}) moved from {} to {} (highest id handed out on "
                    + "either side {}, headroom {}); the next id there is {}. A sequence only moves forward: the ids "
                    + "skipped stay unused, nothing to undo.", pipeline.name(), to, newTable, newKey, newSequence,
                    before, fence, highest, headroom, fence + 1);
            fenced.add(new Fenced(newTable + "." + newKey, oldSide, oldTable, oldKey, oldSequence, fence));
        }
        return new IdentityFence(pipeline.name(), to, headroom, List.copyOf(fenced));
    }

    /** The direction whose new side this fence protects. */
    Direction direction() {
        return to;
    }

    /**
     * Confirms that the old side handed out no id past the fence; call it once the old side takes no more writes.
     *
     * @throws IllegalStateException naming the table, how far the old side went and what to do, when it did
     */
    void check() throws SQLException {
        for (Fenced key : fenced) {
            if (key.oldSequence() == null) {
                continue; // the old side assigns its own ids: the kit cannot see how far it went
            }
            long reached = lastValue(key.oldSide(), key.oldSequence());
            if (reached > key.fence()) {
                throw new IllegalStateException("Pipeline " + pipeline + ": " + key.oldTable() + "." + key.oldKey()
                        + " on the old side (sequence " + key.oldSequence() + ") reached " + reached
                        + ", past the identity fence " + key.fence() + " that prepare-switch set on " + key.column()
                        + " (headroom " + headroom + "): ids " + (key.fence() + 1) + ".." + reached + " may have been "
                        + "handed out on both sides. The switch to " + to + " is not done; both directions keep "
                        + "running. Compare the rows with those ids on both sides (verify) and re-key the duplicates; "
                        + "raise strangler.sync.identity-headroom (more than the old side writes between "
                        + "prepare-switch and the flip) before the next switch.");
            }
        }
    }

    /** The sequence behind {@code table.key} when the key is an integer column backed by one; else null. */
    private static @Nullable String integerSequence(DatabaseEndpoint database, TableName table, String key)
            throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT pg_get_serial_sequence(?, ?), format_type(a.atttypid, NULL) FROM pg_attribute a "
                        + "WHERE a.attrelid = ?::regclass AND a.attname = ? AND NOT a.attisdropped")) {
            query.setString(1, table.toString());
            query.setString(2, key);
            query.setString(3, table.toString());
            query.setString(4, key);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && INTEGER_TYPES.contains(rs.getString(2)) ? rs.getString(1) : null;
            }
        }
    }

    private static long highestId(DatabaseEndpoint database, TableName table, String key, @Nullable String sequence)
            throws SQLException {
        // Names come from the validated pipeline file; the sequence name from PostgreSQL itself.
        try (Connection connection = database.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT coalesce(max(" + key + ")::bigint, 0) FROM " + table)) {
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return Math.max(rs.getLong(1), sequence == null ? 0 : lastValue(connection, sequence));
            }
        }
    }

    private static long lastValue(DatabaseEndpoint database, String sequence) throws SQLException {
        try (Connection connection = database.connect()) {
            return lastValue(connection, sequence);
        }
    }

    /** The highest value the sequence handed out, sessions' cached values included; 0 when it never did. */
    private static long lastValue(Connection connection, String sequence) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT coalesce(pg_sequence_last_value(?::regclass), 0)")) {
            query.setString(1, sequence);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void setValue(DatabaseEndpoint database, String sequence, long value) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement setval = connection.prepareStatement(
                "SELECT setval(?::regclass, ?)")) {
            setval.setString(1, sequence);
            setval.setLong(2, value);
            setval.execute();
        }
    }
}
