package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.KitTables;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Remembers a pipeline's direction in the service database ({@code strangler_sync_pipeline}), so that a restart after
 * cutover does not quietly sync the old way again, and the end of a rollback tail, so that a restart within it runs
 * the tail on (see {@link SyncPipeline#switchDirection}).
 */
final class DirectionStore {

    private static final String TABLE = "public.strangler_sync_pipeline";

    private DirectionStore() {
    }

    /** A pipeline's stored direction, and when its rollback tail ends (null when none runs). */
    record Stored(Direction direction, @Nullable Instant tailUntil) {
    }

    /**
     * What is stored for {@code pipeline}: its direction, and when its rollback tail ends if one was stored and has
     * not ended; one row, read once.
     */
    static Optional<Stored> read(DatabaseEndpoint database, String pipeline) throws SQLException {
        try (Connection connection = database.connect()) {
            createIfAbsent(connection);
            try (PreparedStatement select = connection.prepareStatement("SELECT direction, CASE WHEN tail_until > "
                    + "now() THEN tail_until END FROM " + TABLE + " WHERE pipeline = ?")) {
                select.setString(1, pipeline);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Timestamp tailUntil = rs.getTimestamp(2);
                    return Optional.of(new Stored(Direction.valueOf(rs.getString(1)),
                            tailUntil == null ? null : tailUntil.toInstant()));
                }
            }
        }
    }

    static void write(DatabaseEndpoint database, String pipeline, Direction direction) throws SQLException {
        try (Connection connection = database.connect()) {
            createIfAbsent(connection);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (pipeline, direction, updated_at) VALUES (?, ?, now()) ON CONFLICT (pipeline) DO UPDATE "
                    + "SET direction = EXCLUDED.direction, updated_at = EXCLUDED.updated_at")) {
                upsert.setString(1, pipeline);
                upsert.setString(2, direction.name());
                upsert.executeUpdate();
            }
        }
    }

    /** Stores when the rollback tail of {@code pipeline} ends; null when it has ended. */
    static void writeTail(DatabaseEndpoint database, String pipeline, @Nullable Instant until) throws SQLException {
        try (Connection connection = database.connect()) {
            createIfAbsent(connection);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + TABLE + " SET tail_until = ? WHERE pipeline = ?")) {
                update.setTimestamp(1, until == null ? null : Timestamp.from(until));
                update.setString(2, pipeline);
                update.executeUpdate();
            }
        }
    }

    private static void createIfAbsent(Connection connection) throws SQLException {
        KitTables.createIfAbsent(connection, TABLE, "CREATE TABLE IF NOT EXISTS " + TABLE + " (pipeline text PRIMARY "
                + "KEY, direction text NOT NULL, updated_at timestamptz NOT NULL)",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS tail_until timestamptz");
    }
}
