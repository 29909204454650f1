package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.KitTables;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Remembers a pipeline's direction in the service database ({@code strangler_sync_pipeline}), so that a restart after
 * cutover does not quietly sync the old way again, and the end of a rollback tail, so that a restart within it runs
 * the tail on (see {@link SyncPipeline#switchDirection}), and where the pipeline runs when it was moved out of
 * cdc-sync ({@link RunsOn}), so that a restart does not start it next to the engine that runs it now.
 */
final class DirectionStore {

    private static final String TABLE = "public.strangler_sync_pipeline";

    private DirectionStore() {
    }

    /**
     * A pipeline's stored direction, when its rollback tail ends (null when none runs), and where it runs when it was
     * moved out of cdc-sync (null when it runs here).
     */
    record Stored(Direction direction, @Nullable Instant tailUntil, @Nullable RunsOn runsOn) {
    }

    /**
     * What is stored for {@code pipeline}: its direction, and when its rollback tail ends if one was stored and has
     * not ended; one row, read once.
     */
    static Optional<Stored> read(DatabaseEndpoint database, String pipeline) throws SQLException {
        return read(database, pipeline, true);
    }

    /**
     * {@link #read(DatabaseEndpoint, String)} for a pipeline that is not starting: empty, and nothing created in the
     * target, when the table does not exist (the pipeline never ran).
     */
    static Optional<Stored> readIfStored(DatabaseEndpoint database, String pipeline) throws SQLException {
        return read(database, pipeline, false);
    }

    private static Optional<Stored> read(DatabaseEndpoint database, String pipeline, boolean create)
            throws SQLException {
        try (Connection connection = database.connect()) {
            if (!create) {
                try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                    exists.setString(1, TABLE);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next() || !rs.getBoolean(1)) {
                            return Optional.empty();
                        }
                    }
                }
            }
            createIfAbsent(connection);
            try (PreparedStatement select = connection.prepareStatement("SELECT direction, CASE WHEN tail_until > "
                    + "now() THEN tail_until END, runs_on, runs_on_url, runs_on_connectors, runs_on_since FROM "
                    + TABLE + " WHERE pipeline = ?")) {
                select.setString(1, pipeline);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Timestamp tailUntil = rs.getTimestamp(2);
                    RunsOn runsOn = rs.getString(3) == null ? null : new RunsOn(rs.getString(3),
                            URI.create(rs.getString(4)), List.of(rs.getString(5).split(",")),
                            rs.getTimestamp(6).toInstant(), null);
                    return Optional.of(new Stored(Direction.valueOf(rs.getString(1)),
                            tailUntil == null ? null : tailUntil.toInstant(), runsOn));
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

    /**
     * Records where {@code pipeline} runs instead of here ({@code runsOn}), or that it runs here again (null); the
     * row is written with {@code direction} when the pipeline never had one.
     */
    static void writeRunsOn(DatabaseEndpoint database, String pipeline, Direction direction, @Nullable RunsOn runsOn)
            throws SQLException {
        try (Connection connection = database.connect()) {
            createIfAbsent(connection);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE + " (pipeline, "
                    + "direction, updated_at, runs_on, runs_on_url, runs_on_connectors, runs_on_since) VALUES "
                    + "(?, ?, now(), ?, ?, ?, ?) ON CONFLICT (pipeline) DO UPDATE SET runs_on = EXCLUDED.runs_on, "
                    + "runs_on_url = EXCLUDED.runs_on_url, runs_on_connectors = EXCLUDED.runs_on_connectors, "
                    + "runs_on_since = EXCLUDED.runs_on_since, updated_at = EXCLUDED.updated_at")) {
                upsert.setString(1, pipeline);
                upsert.setString(2, direction.name());
                upsert.setString(3, runsOn == null ? null : runsOn.engine());
                upsert.setString(4, runsOn == null ? null : runsOn.url().toString());
                upsert.setString(5, runsOn == null ? null : String.join(",", runsOn.connectors()));
                upsert.setTimestamp(6, runsOn == null ? null : Timestamp.from(runsOn.since()));
                upsert.executeUpdate();
            }
        }
    }

    private static void createIfAbsent(Connection connection) throws SQLException {
        KitTables.createIfAbsent(connection, TABLE, "CREATE TABLE IF NOT EXISTS " + TABLE + " (pipeline text PRIMARY "
                + "KEY, direction text NOT NULL, updated_at timestamptz NOT NULL)",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS tail_until timestamptz",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS runs_on text",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS runs_on_url text",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS runs_on_connectors text",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS runs_on_since timestamptz");
    }
}
