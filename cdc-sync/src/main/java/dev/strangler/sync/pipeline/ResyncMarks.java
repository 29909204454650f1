package dev.strangler.sync.pipeline;

import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a table resync read the source, per stream and table ({@code strangler_sync_resync}, next to the stream's
 * position in the database it writes to). A resync reads every row of the table as of that WAL position, so it
 * carries across whatever happened to the table before it, a TRUNCATE included: the stream may pass a truncate the
 * latest resync of its table read past, and stops at any other (see {@link ChangeDecoder}). Written by
 * {@link TableResync}; read by the in-process stream's decoder through {@link #coverage}.
 */
final class ResyncMarks {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS strangler_sync_resync (stream text NOT NULL, "
            + "source_table text NOT NULL, source_lsn pg_lsn NOT NULL, resynced_at timestamptz NOT NULL DEFAULT now(), "
            + "PRIMARY KEY (stream, source_table))";

    private ResyncMarks() {
    }

    /** Records, in the caller's transaction, that {@code table} was copied again as of source WAL {@code sourceLsn}. */
    static void record(Connection target, String stream, TableName table, String sourceLsn)
            throws SQLException {
        try (Statement create = target.createStatement()) {
            create.execute(CREATE);
        }
        try (PreparedStatement upsert = target.prepareStatement("INSERT INTO strangler_sync_resync (stream, "
                + "source_table, source_lsn) VALUES (?, ?, ?::pg_lsn) ON CONFLICT (stream, source_table) DO UPDATE "
                + "SET source_lsn = excluded.source_lsn, resynced_at = now()")) {
            upsert.setString(1, stream);
            upsert.setString(2, table.toString());
            upsert.setString(3, sourceLsn);
            upsert.executeUpdate();
        }
    }

    /** The truncates of {@code stream} that a resync, recorded in {@code store}, already carried across. */
    static ChangeDecoder.TruncateCoverage coverage(DatabaseEndpoint store, String stream) {
        return (table, position) -> covers(store, stream, table, position);
    }

    /** Whether a resync of {@code table} read the source past {@code position} (the truncate's own WAL position). */
    private static boolean covers(DatabaseEndpoint store, String stream, TableName table, SourcePosition position) {
        if (position.lsn() == null) {
            return false;
        }
        try (Connection connection = store.connect();
                PreparedStatement query = connection.prepareStatement("SELECT to_regclass('strangler_sync_resync') "
                        + "IS NOT NULL")) {
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
            try (PreparedStatement covered = connection.prepareStatement("SELECT count(*) FROM strangler_sync_resync "
                    + "WHERE stream = ? AND source_table = ? AND source_lsn > ?::pg_lsn")) {
                covered.setString(1, stream);
                covered.setString(2, table.toString());
                covered.setString(3, position.lsnText());
                try (ResultSet rs = covered.executeQuery()) {
                    return rs.next() && rs.getLong(1) > 0;
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read strangler_sync_resync in " + store + ": " + ex.getMessage(),
                    ex);
        }
    }
}
