package dev.strangler.sync.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** The smallest and largest key of a side, or null when it has no rows. */
    static long @Nullable [] bounds(CanonicalRows.Side side, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(side.bounds())) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] { min, rs.getLong(2) };
        }
    }

    /**
     * The digests of the {@code width}-wide buckets from {@code base} that hold rows, by bucket, within
     * {@code ranges} (none: the whole table).
     */
    static Map<Long, RangeDigest> digests(CanonicalRows.Side side, Connection connection, long base, long width,
            List<KeyRange> ranges) throws SQLException {
        Map<Long, RangeDigest> digests = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(side.digests(ranges.size()))) {
            query.setLong(1, base);
            query.setLong(2, width);
            bindRanges(query, 3, ranges);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    digests.put(rs.getLong(1), new RangeDigest(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return digests;
    }

    /** Binds each range as a {@code [from, to)} pair of parameters from {@code first} on. */
    static void bindRanges(PreparedStatement statement, int first, List<KeyRange> ranges) throws SQLException {
        int index = first;
        for (KeyRange range : ranges) {
            statement.setLong(index++, range.from());
            statement.setLong(index++, range.to());
        }
    }
}
