package dev.strangler.sync.stray;

import dev.strangler.sync.mapping.KitTables;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable record of a pipeline's stray writes: {@code strangler_sync_stray_write} in the service database (the
 * writer of record after cutover; the legacy database gets nothing of the kit's bookkeeping). A change is recorded
 * once: its {@code [commit LSN, LSN]} is unique per pipeline.
 */
public final class StrayWrites {

    static final String TABLE = "public.strangler_sync_stray_write";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, source_table, source_key::text, operation, lsn, tx_id, commit_time, "
            + "replayed_at";

    private final DatabaseEndpoint database;
    private final String pipeline;

    public StrayWrites(DatabaseEndpoint database, String pipeline) {
        this.database = database;
        this.pipeline = pipeline;
    }

    /** A stray write as the watch sees it, before it has an id. */
    record Seen(String table, Map<String, @Nullable Object> key, String operation, long commitLsn, long lsn,
            String lsnText, long txId, Instant commitTime) {
    }

    public DatabaseEndpoint database() {
        return database;
    }

    static void createIfAbsent(Connection connection) throws SQLException {
        KitTables.createIfAbsent(connection, TABLE,
                "CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, "
                        + "pipeline text NOT NULL, source_table text NOT NULL, source_key jsonb NOT NULL, "
                        + "operation text NOT NULL, commit_lsn bigint NOT NULL, event_lsn bigint NOT NULL, "
                        + "lsn text NOT NULL, tx_id bigint NOT NULL, commit_time timestamptz NOT NULL, "
                        + "recorded_at timestamptz NOT NULL DEFAULT now(), replayed_at timestamptz, "
                        + "replay_reason text, UNIQUE (pipeline, commit_lsn, event_lsn))",
                "CREATE INDEX IF NOT EXISTS strangler_sync_stray_write_time ON " + TABLE + " (pipeline, commit_time)");
    }

    /**
     * Records {@code seen} in the caller's transaction and returns what was new; a change already recorded (a batch
     * delivered again after a crash) is left as it is.
     */
    List<StrayWrite> record(Connection connection, List<Seen> seen) throws SQLException {
        List<StrayWrite> recorded = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (pipeline, "
                + "source_table, source_key, operation, commit_lsn, event_lsn, lsn, tx_id, commit_time) "
                + "VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) ON CONFLICT (pipeline, commit_lsn, event_lsn) DO NOTHING "
                + "RETURNING " + COLUMNS)) {
            for (Seen write : seen) {
                insert.setString(1, pipeline);
                insert.setString(2, write.table());
                insert.setString(3, keyJson(write.key()));
                insert.setString(4, write.operation());
                insert.setLong(5, write.commitLsn());
                insert.setLong(6, write.lsn());
                insert.setString(7, write.lsnText());
                insert.setLong(8, write.txId());
                insert.setTimestamp(9, Timestamp.from(write.commitTime()));
                try (ResultSet rs = insert.executeQuery()) {
                    if (rs.next()) {
                        recorded.add(read(rs));
                    }
                }
            }
        }
        return recorded;
    }

    /** The count (ever), the unresolved count and the newest {@code last} records; nothing when none was recorded. */
    public StrayWriteSummary summary(int last) throws SQLException {
        try (Connection connection = connect()) {
            if (!exists(connection)) {
                return StrayWriteSummary.none();
            }
            long count;
            long unresolved;
            try (PreparedStatement query = connection.prepareStatement("SELECT count(*), count(*) FILTER (WHERE "
                    + "replayed_at IS NULL) FROM " + TABLE + " WHERE pipeline = ?")) {
                query.setString(1, pipeline);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    unresolved = rs.getLong(2);
                }
            }
            List<StrayWrite> newest = select(connection, "pipeline = ? ORDER BY id DESC LIMIT " + last, null);
            return new StrayWriteSummary(count, unresolved, newest, false, null);
        }
    }

    /** Every stray write committed at or after {@code since}, oldest first. */
    public List<StrayWrite> since(Instant since) throws SQLException {
        try (Connection connection = connect()) {
            if (!exists(connection)) {
                return List.of();
            }
            return select(connection, "pipeline = ? AND commit_time >= ? ORDER BY commit_time, id", since);
        }
    }

    public Optional<StrayWrite> find(long id) throws SQLException {
        try (Connection connection = connect()) {
            if (!exists(connection)) {
                return Optional.empty();
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " WHERE pipeline = ? AND id = ?")) {
                query.setString(1, pipeline);
                query.setLong(2, id);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        }
    }

    /** Notes that the stray write was carried to the service; runs in the caller's transaction. */
    public void markReplayed(Connection connection, long id, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET replayed_at = now(), "
                + "replay_reason = ? WHERE pipeline = ? AND id = ?")) {
            update.setString(1, reason);
            update.setString(2, pipeline);
            update.setLong(3, id);
            update.executeUpdate();
        }
    }

    private List<StrayWrite> select(Connection connection, String where, @Nullable Instant since)
            throws SQLException {
        List<StrayWrite> writes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE "
                + where)) {
            query.setString(1, pipeline);
            if (since != null) {
                query.setTimestamp(2, Timestamp.from(since));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    writes.add(read(rs));
                }
            }
        }
        return writes;
    }

    private static StrayWrite read(ResultSet rs) throws SQLException {
        Timestamp replayed = rs.getTimestamp(8);
        Map<String, @Nullable Object> key = JSON.readValue(rs.getString(3), new TypeReference<LinkedHashMap<String,
                @Nullable Object>>() { });
        return new StrayWrite(rs.getLong(1), rs.getString(2), key, rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getTimestamp(7).toInstant(), replayed == null ? null : replayed.toInstant());
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Key values as JSON: numbers and strings as they are, anything else (uuid, dates) as its text form. */
    private static String keyJson(Map<String, @Nullable Object> key) {
        Map<String, @Nullable Object> plain = new LinkedHashMap<>();
        key.forEach((column, value) -> plain.put(column, value == null || value instanceof Number
                || value instanceof String || value instanceof Boolean ? value : value.toString()));
        return JSON.writeValueAsString(plain);
    }

    Connection connect() throws SQLException {
        return database.connect();
    }
}
