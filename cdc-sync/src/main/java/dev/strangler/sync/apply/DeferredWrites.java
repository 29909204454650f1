package dev.strangler.sync.apply;

import dev.strangler.sync.mapping.KitTables;
import dev.strangler.sync.mapping.RowWrite;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes that arrived before the row they refer to (an order line before its order, an order before its customer
 * was carried back): a foreign-key violation does not fail the batch, the write waits in
 * {@code strangler_sync_deferred} of the written database, <em>in the same transaction</em> as the batch and its
 * position, so a crash loses nothing. Deferred writes are retried, in arrival order, at the end of every batch
 * (heartbeats make one every few seconds); a later write to the same row queues behind them, a delete of the row
 * supersedes them. A write is never dropped: one still failing after {@code patience} (its parent is late, e.g. the
 * customers pipeline is stopped, or never comes, e.g. the lines of an order the mapping keeps in the service) is
 * retried at most once per {@link #slowRetryInterval()} from then on, and said in a warning each time, so that an
 * operator can look at {@code strangler_sync_deferred} rather than lose a row to a timer.
 *
 * <p>A dependent row folded back into columns of its parent ({@link RowWrite.UpdateColumns}: a service's address
 * carried back into the legacy customer row) that finds no row to update waits the same way: over Kafka the
 * dependent's topic has no order with the parent's, so the parent row may simply not be there yet. Such a write
 * waits for its row, not for a reference: the row's own upsert does not queue behind it (it is what the write waits
 * for, and it sets other columns), later column updates of the row do.
 */
final class DeferredWrites {

    /** Where a deferred write waits. */
    static final String TABLE = "strangler_sync_deferred";

    private static final Logger log = LoggerFactory.getLogger(DeferredWrites.class);
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /** Runs one write on the connection; false when it is a column update that found no row. */
    @FunctionalInterface
    interface Execution {
        boolean execute(Connection connection, RowWrite write) throws SQLException;
    }

    private final String stream;
    private final Duration patience;
    private Instant nextSlowRetry = Instant.MIN;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Set<TableName> related = new HashSet<>();
    private Set<String> committedKeys = new HashSet<>();
    private Set<String> keys = new HashSet<>();
    /** Rows only column updates wait for, because the row is not there yet: only column updates queue behind. */
    private Set<String> committedRowless = new HashSet<>();
    private Set<String> rowless = new HashSet<>();
    private int deferredInBatch;
    private String firstInBatch = "";

    DeferredWrites(String stream, Duration patience) {
        this.stream = stream;
        this.patience = patience;
    }

    /** How often a write that has waited longer than its patience is tried again: a minute, or sooner. */
    Duration slowRetryInterval() {
        return patience.compareTo(Duration.ofMinutes(1)) < 0 ? patience : Duration.ofMinutes(1);
    }

    /** Creates the table if needed, learns which tables take part in a foreign key, loads what waits. */
    void open(Connection c) throws SQLException {
        KitTables.createIfAbsent(c, TABLE, "CREATE TABLE IF NOT EXISTS " + TABLE + " (stream text NOT NULL, "
                + "seq bigint GENERATED ALWAYS AS IDENTITY, row_key text NOT NULL, write jsonb NOT NULL, "
                + "reason text NOT NULL, deferred_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (stream, seq))");
        try (Statement statement = c.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT DISTINCT n.nspname, c.relname FROM pg_constraint k "
                    + "JOIN pg_class c ON c.oid IN (k.conrelid, k.confrelid) JOIN pg_namespace n ON n.oid = "
                    + "c.relnamespace WHERE k.contype = 'f'")) {
                while (rs.next()) {
                    try {
                        related.add(new TableName(rs.getString(1), rs.getString(2)));
                    }
                    catch (IllegalArgumentException ex) {
                        // A table whose name is not a plain identifier is never written by a pipeline.
                    }
                }
            }
        }
        reload(c);
    }

    /** Whether a write to this table can meet a foreign key, and so is run under a savepoint. */
    boolean mayWait(RowWrite write) {
        return related.contains(write.table());
    }

    /** Whether an earlier write to the same row is waiting, so that this one must queue behind it. */
    boolean waitingFor(RowWrite write) {
        if (keys.isEmpty() && rowless.isEmpty()) {
            return false; // the usual case: nothing waits, no key to build
        }
        String key = keyOf(write);
        return keys.contains(key) || write instanceof RowWrite.UpdateColumns && rowless.contains(key);
    }

    static boolean isMissingReference(SQLException ex) {
        return FOREIGN_KEY_VIOLATION.equals(ex.getSQLState());
    }

    void defer(Connection c, RowWrite write, String reason) throws SQLException {
        String key = keyOf(write);
        // A column update queued only behind updates that wait for their row waits for the row as well.
        insert(c, write, reason, write instanceof RowWrite.UpdateColumns && !keys.contains(key)
                && rowless.contains(key));
    }

    /** Defers a column update that found no row to update (see the class comment). */
    void deferUntilRowExists(Connection c, RowWrite.UpdateColumns write) throws SQLException {
        insert(c, write, "the row it updates is not there yet", true);
    }

    private void insert(Connection c, RowWrite write, String reason, boolean waitsForRow) throws SQLException {
        String key = keyOf(write);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                + " (stream, row_key, write, reason) VALUES (?, ?, ?::jsonb, ?)")) {
            insert.setString(1, stream);
            insert.setString(2, key);
            insert.setString(3, toJson(write, waitsForRow));
            insert.setString(4, reason);
            insert.executeUpdate();
        }
        (waitsForRow ? rowless : keys).add(key);
        log.debug("{}: deferred {} ({})", stream, key, reason);
        if (deferredInBatch++ == 0) {
            firstInBatch = key + ": " + reason;
        }
    }

    /** A delete of a row supersedes the writes waiting for it: the row's final state is "absent". */
    void supersede(Connection c, RowWrite.Delete delete) throws SQLException {
        String key = keyOf(delete);
        if (!(keys.remove(key) | rowless.remove(key))) {
            return;
        }
        try (PreparedStatement remove = c.prepareStatement("DELETE FROM " + TABLE
                + " WHERE stream = ? AND row_key = ?")) {
            remove.setString(1, stream);
            remove.setString(2, key);
            int dropped = remove.executeUpdate();
            log.info("{}: {} deferred write(s) of {} superseded by its delete", stream, dropped, key);
        }
    }

    /** Retries every waiting write in arrival order; returns how many went through. */
    int retry(Connection c, Execution execution) throws SQLException {
        if (keys.isEmpty() && rowless.isEmpty()) {
            return 0;
        }
        int applied = 0;
        int pass;
        // A write that waits for its row may sit before the upsert that creates the row: after a pass that applied
        // something, those writes are tried again.
        do {
            pass = retryPass(c, execution);
            applied += pass;
        }
        while (pass > 0 && !rowless.isEmpty());
        if (applied > 0) {
            log.info("{}: applied {} deferred write(s) now that the rows they refer to arrived; {} row(s) still "
                    + "wait", stream, applied, waiting());
        }
        return applied;
    }

    private int retryPass(Connection c, Execution execution) throws SQLException {
        record Waiting(long seq, String key, String write, Instant since) {
        }
        List<Waiting> waiting = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT seq, row_key, write::text, deferred_at FROM "
                + TABLE + " WHERE stream = ? ORDER BY seq")) {
            select.setString(1, stream);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    waiting.add(new Waiting(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
                }
            }
        }
        Set<String> blocked = new HashSet<>();
        Set<String> blockedUpdates = new HashSet<>();
        Set<String> still = new HashSet<>();
        Set<String> stillRowless = new HashSet<>();
        int applied = 0;
        int overdue = 0;
        Instant now = Instant.now();
        boolean slowRetryDue = !now.isBefore(nextSlowRetry);
        for (Waiting entry : waiting) {
            boolean pastPatience = entry.since().plus(patience).isBefore(now);
            JsonNode node = json.readTree(entry.write());
            RowWrite write = fromJson(node);
            boolean waitsForRow = node.path("waitsForRow").asBoolean(false);
            boolean isUpdate = write instanceof RowWrite.UpdateColumns;
            if (blocked.contains(entry.key()) || isUpdate && blockedUpdates.contains(entry.key())
                    || (pastPatience && !slowRetryDue)) {
                // Arrival order per row: what queues behind a write that is not tried now is not tried either.
                (waitsForRow ? blockedUpdates : blocked).add(entry.key());
                (waitsForRow ? stillRowless : still).add(entry.key());
                continue;
            }
            Savepoint savepoint = c.setSavepoint();
            try {
                boolean landed = execution.execute(c, write);
                c.releaseSavepoint(savepoint);
                if (!landed) {
                    if (pastPatience && overdue++ == 0) {
                        log.warn("{}: deferred {} has waited longer than {} for the row it updates; it is kept in {} "
                                + "and retried every {}", stream, entry.key(), patience, TABLE, slowRetryInterval());
                    }
                    blockedUpdates.add(entry.key());
                    stillRowless.add(entry.key());
                    continue;
                }
                remove(c, entry.seq());
                applied++;
                log.debug("{}: applied deferred {} (waited {} ms)", stream, entry.key(),
                        Duration.between(entry.since(), now).toMillis());
            }
            catch (SQLException ex) {
                c.rollback(savepoint);
                if (!isMissingReference(ex)) {
                    throw ex;
                }
                if (pastPatience && overdue++ == 0) {
                    log.warn("{}: deferred {} has waited longer than {} for the row it refers to ({}); it is kept "
                            + "in {} and retried every {}", stream, entry.key(), patience, ex.getMessage(), TABLE,
                            slowRetryInterval());
                }
                blocked.add(entry.key());
                still.add(entry.key());
            }
        }
        if (slowRetryDue && overdue > 0) {
            nextSlowRetry = now.plus(slowRetryInterval());
            if (overdue > 1) {
                log.warn("{}: {} deferred write(s) in all have waited longer than {}", stream, overdue, patience);
            }
        }
        keys = still;
        stillRowless.removeAll(still);
        rowless = stillRowless;
        return applied;
    }

    void committed() {
        committedKeys = new HashSet<>(keys);
        committedRowless = new HashSet<>(rowless);
        if (deferredInBatch > 0) {
            log.info("{}: {} write(s) refer to rows that are not there yet and wait (first: {}); retried with every "
                    + "batch, then once a minute after {}; never dropped", stream, deferredInBatch, firstInBatch, patience);
        }
        deferredInBatch = 0;
    }

    void rolledBack() {
        keys = new HashSet<>(committedKeys);
        rowless = new HashSet<>(committedRowless);
        deferredInBatch = 0;
    }

    int waiting() {
        Set<String> all = new HashSet<>(keys);
        all.addAll(rowless);
        return all.size();
    }

    private void reload(Connection c) throws SQLException {
        Set<String> loaded = new HashSet<>();
        Set<String> loadedRowless = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement("SELECT row_key, bool_and(coalesce((write->>'waitsForRow')"
                + "::boolean, false)) FROM " + TABLE + " WHERE stream = ? GROUP BY row_key")) {
            select.setString(1, stream);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? loadedRowless : loaded).add(rs.getString(1));
                }
            }
        }
        keys = loaded;
        committedKeys = new HashSet<>(loaded);
        rowless = loadedRowless;
        committedRowless = new HashSet<>(loadedRowless);
    }

    private void remove(Connection c, long seq) throws SQLException {
        try (PreparedStatement remove = c.prepareStatement("DELETE FROM " + TABLE + " WHERE stream = ? AND seq = ?")) {
            remove.setString(1, stream);
            remove.setLong(2, seq);
            remove.executeUpdate();
        }
    }

    static String keyOf(RowWrite write) {
        Map<String, @Nullable Object> key;
        if (write instanceof RowWrite.Upsert upsert) {
            key = new LinkedHashMap<>();
            for (String column : upsert.key()) {
                key.put(column, upsert.values().get(column));
            }
        }
        else if (write instanceof RowWrite.Delete delete) {
            key = delete.key();
        }
        else {
            key = ((RowWrite.UpdateColumns) write).key();
        }
        return write.table() + key.toString();
    }

    private String toJson(RowWrite write, boolean waitsForRow) {
        ObjectNode node = json.createObjectNode();
        node.put("table", write.table().toString());
        if (waitsForRow) {
            node.put("waitsForRow", true);
        }
        if (write instanceof RowWrite.Upsert upsert) {
            node.put("kind", "upsert");
            tools.jackson.databind.node.ArrayNode key = node.putArray("key");
            upsert.key().forEach(key::add);
            node.set("values", values(upsert.values()));
            if (upsert.versionColumn() != null) {
                node.put("versionColumn", upsert.versionColumn());
            }
        }
        else if (write instanceof RowWrite.Delete delete) {
            node.put("kind", "delete");
            node.set("where", values(delete.key()));
        }
        else {
            RowWrite.UpdateColumns update = (RowWrite.UpdateColumns) write;
            node.put("kind", "update");
            node.set("where", values(update.key()));
            node.set("values", values(update.values()));
        }
        return json.writeValueAsString(node);
    }

    /** Values with their types (see {@link DeferredValues}), so that the write read back binds what it bound. */
    private ObjectNode values(Map<String, @Nullable Object> values) {
        ObjectNode node = json.createObjectNode();
        values.forEach((column, value) -> node.set(column, DeferredValues.encode(value)));
        return node;
    }

    private static RowWrite fromJson(JsonNode node) {
        TableName table = TableName.parse(node.path("table").asString());
        return switch (node.path("kind").asString()) {
            case "upsert" -> {
                List<String> key = new ArrayList<>();
                node.path("key").forEach(k -> key.add(k.asString()));
                yield new RowWrite.Upsert(table, key, valuesOf(node.path("values")),
                        node.hasNonNull("versionColumn") ? node.path("versionColumn").asString() : null);
            }
            case "delete" -> new RowWrite.Delete(table, valuesOf(node.path("where")));
            default -> new RowWrite.UpdateColumns(table, valuesOf(node.path("where")), valuesOf(node.path("values")));
        };
    }

    private static Map<String, @Nullable Object> valuesOf(JsonNode node) {
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> values.put(entry.getKey(), DeferredValues.decode(entry.getValue())));
        return values;
    }
}
