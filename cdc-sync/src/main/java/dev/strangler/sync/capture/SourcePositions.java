package dev.strangler.sync.capture;

import dev.strangler.sync.mapping.KitTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * The table {@code strangler_sync_position} in the database a stream writes to: one row per stream holding the source
 * position of the last change applied. The applier writes it in the same transaction as the rows, so it is exactly
 * as durable as they are; capture resumes from it.
 */
public final class SourcePositions {

    public static final String TABLE = "public.strangler_sync_position";

    private SourcePositions() {
    }

    public static void createIfAbsent(Connection connection) throws SQLException {
        KitTables.createIfAbsent(connection, TABLE, "CREATE TABLE IF NOT EXISTS " + TABLE + " (stream text PRIMARY "
                + "KEY, source_offset text NOT NULL, commit_lsn bigint, event_lsn bigint, snapshot boolean NOT NULL, "
                + "updated_at timestamptz NOT NULL DEFAULT now())");
    }

    public static Optional<SourcePosition> read(Connection connection, String stream) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT source_offset, commit_lsn, event_lsn, snapshot FROM " + TABLE + " WHERE stream = ?")) {
            select.setString(1, stream);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SourcePosition(rs.getString(1), rs.getObject(2, Long.class),
                        rs.getObject(3, Long.class), rs.getBoolean(4)));
            }
        }
    }

    /** Stores the position; runs in the caller's transaction. */
    public static void write(Connection connection, String stream, SourcePosition position) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (stream, source_offset, commit_lsn, event_lsn, snapshot, updated_at) VALUES (?, ?, ?, ?, ?, now()) "
                + "ON CONFLICT (stream) DO UPDATE SET source_offset = EXCLUDED.source_offset, "
                + "commit_lsn = EXCLUDED.commit_lsn, event_lsn = EXCLUDED.event_lsn, snapshot = EXCLUDED.snapshot, "
                + "updated_at = EXCLUDED.updated_at")) {
            upsert.setString(1, stream);
            upsert.setString(2, position.offsetJson());
            setLong(upsert, 3, position.commitLsn());
            setLong(upsert, 4, position.lsn());
            upsert.setBoolean(5, position.snapshot());
            upsert.executeUpdate();
        }
    }

    public static void delete(Connection connection, String stream) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE stream = ?")) {
            delete.setString(1, stream);
            delete.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement statement, int index, @org.jspecify.annotations.Nullable Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        }
        else {
            statement.setLong(index, value);
        }
    }
}
