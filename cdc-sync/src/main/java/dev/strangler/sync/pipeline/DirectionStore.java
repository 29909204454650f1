package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.KitTables;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Remembers a pipeline's direction in the service database ({@code strangler_sync_pipeline}), so that a restart after
 * cutover does not quietly sync the old way again.
 */
final class DirectionStore {

    private static final String TABLE = "public.strangler_sync_pipeline";

    private DirectionStore() {
    }

    static Optional<Direction> read(DatabaseEndpoint database, String pipeline) throws SQLException {
        try (Connection connection = database.connect()) {
            createIfAbsent(connection);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT direction FROM " + TABLE + " WHERE pipeline = ?")) {
                select.setString(1, pipeline);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(Direction.valueOf(rs.getString(1))) : Optional.empty();
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

    private static void createIfAbsent(Connection connection) throws SQLException {
        KitTables.createIfAbsent(connection, TABLE, "CREATE TABLE IF NOT EXISTS " + TABLE + " (pipeline text PRIMARY "
                + "KEY, direction text NOT NULL, updated_at timestamptz NOT NULL)");
    }
}
