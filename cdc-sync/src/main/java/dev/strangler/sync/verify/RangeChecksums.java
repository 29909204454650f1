package dev.strangler.sync.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The checksum phase: what each side holds per range of the key, counted and hashed inside PostgreSQL, so that equal
 * ranges cost one row of result however many rows they hold.
 */
final class RangeChecksums {

    private RangeChecksums() {
    }

    /**
     * A side's smallest and largest key, and its table's size in blocks when it {@link CanonicalRows.Side#readsOneTable
     * reads one table} (-1 otherwise).
     */
    record Bounds(long min, long max, long blocks) {
    }

    /**
     * Blocks {@code [from, to)} of a table, as the {@code ctid}s a TID range scan reads between: {@code (from,0)}
     * up to, not including, {@code (to,0)}.
     */
    record BlockRange(long from, long to) {

        /** Beyond any block: PostgreSQL numbers blocks with 32 bits and keeps the last number for "no block". */
        static final long END = 0xFFFF_FFFFL;

        /**
         * A table of {@code blocks} blocks cut into {@code lanes} ranges of about as many blocks each, the first
         * from block 0 and the last open to {@link #END}: rows written meanwhile beyond the size read are read too.
         */
        static List<BlockRange> lanes(long blocks, int lanes) {
            List<BlockRange> ranges = new ArrayList<>(lanes);
            for (int lane = 0; lane < lanes; lane++) {
                long from = blocks * lane / lanes;
                ranges.add(new BlockRange(from, lane == lanes - 1 ? END : blocks * (lane + 1) / lanes));
            }
            return ranges;
        }
    }

    /** The bounds of a side, or null when it has no rows. */
    static @Nullable Bounds bounds(CanonicalRows.Side side, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(side.bounds())) {
            rs.next();
            long min = rs.getLong(1);
            if (rs.wasNull()) {
                return null;
            }
            long max = rs.getLong(2);
            long blocks = rs.getLong(3);
            return new Bounds(min, max, rs.wasNull() ? -1 : blocks);
        }
    }

    /**
     * The digests of the {@code width}-wide buckets from {@code base} that hold rows, by bucket, within
     * {@code ranges} (none: the whole table).
     */
    static Map<Long, RangeDigest> digests(CanonicalRows.Side side, Connection connection, long base, long width,
            List<KeyRange> ranges) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(side.digests(ranges.size()))) {
            query.setLong(1, base);
            query.setLong(2, width);
            side.bindRanges(query, 3, ranges);
            return digestsOf(query);
        }
    }

    /**
     * The digests of the {@code width}-wide buckets from {@code base} that hold rows in {@code blocks} of a side that
     * {@link CanonicalRows.Side#readsOneTable reads one table}: the part of each bucket that lies in these blocks.
     */
    static Map<Long, RangeDigest> digests(CanonicalRows.Side side, Connection connection, long base, long width,
            BlockRange blocks) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(side.blockDigests())) {
            query.setLong(1, base);
            query.setLong(2, width);
            query.setString(3, "(" + blocks.from() + ",0)");
            query.setString(4, "(" + blocks.to() + ",0)");
            return digestsOf(query);
        }
    }

    /**
     * The digests of the ranges of an ordered key cut at {@code cuts} that hold rows, by range, only of
     * {@code ranges} (null: all).
     */
    static Map<Long, RangeDigest> orderedDigests(CanonicalRows.Side side, Connection connection, List<String> cuts,
            @Nullable List<Integer> ranges) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(side.orderedDigests(ranges != null))) {
            query.setArray(1, connection.createArrayOf("text", cuts.toArray()));
            if (ranges != null) {
                query.setArray(2, connection.createArrayOf("text", cuts.toArray()));
                query.setArray(3, connection.createArrayOf("int4", ranges.toArray()));
            }
            return digestsOf(query);
        }
    }

    /** Runs a digest query: its rows are (bucket or range, rows, sum of the row hashes). */
    private static Map<Long, RangeDigest> digestsOf(PreparedStatement query) throws SQLException {
        Map<Long, RangeDigest> digests = new HashMap<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                digests.put(rs.getLong(1), new RangeDigest(rs.getLong(2), rs.getString(3)));
            }
        }
        return digests;
    }

    /**
     * Where to cut ranges of an ordered key further: for each range, its keys at every {@code step}-th row after
     * its first, in order (none for a range that no longer holds more than one row).
     */
    static Map<Long, List<String>> orderedCuts(CanonicalRows.Side side, Connection connection, List<String> cuts,
            Map<Integer, Long> steps) throws SQLException {
        Map<Long, List<String>> found = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(side.orderedCuts())) {
            Object[] ranges = steps.keySet().toArray();
            query.setArray(1, connection.createArrayOf("text", cuts.toArray()));
            query.setArray(2, connection.createArrayOf("int4", ranges));
            query.setArray(3, connection.createArrayOf("int4", ranges));
            query.setArray(4, connection.createArrayOf("int8", steps.values().toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getLong(1), r -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return found;
    }
}
