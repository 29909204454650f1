package dev.strangler.sync.apply;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.MappingPlan;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.RowLookup;
import dev.strangler.sync.mapping.RowWrite;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of captured changes into the target database: each batch is one transaction holding the upserts and
 * deletes <em>and</em> the stream's {@link SourcePosition}, so after any crash the target either has both or neither.
 * Changes at or below the stored position are skipped, so a redelivered change is never applied twice and an older
 * change never overwrites a newer row.
 *
 * <p>The applier's session runs under a replication origin named after its stream: its writes are tagged, and the
 * capture of the opposite direction (slot option {@code origin=none}) never sees them. One connection per applier,
 * because only one session may hold an origin.
 */
public final class ChangeApplier implements AutoCloseable {

    /** Work that must commit in the same transaction as a batch (e.g. Kafka consumer offsets). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    /** Work on the applier's own session, in one transaction between two batches (a table resync). */
    @FunctionalInterface
    public interface Exclusive<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeApplier.class);

    private final String stream;
    private final DatabaseEndpoint target;
    private final MappingPlan plan;
    private final boolean storesPosition;
    private final DeferredWrites deferred;
    private volatile int deferredWaiting;
    private final @Nullable SourceLookup lookup;
    private final WriteBatch batch = new WriteBatch();
    private final StatementShapes statements = new StatementShapes();
    private final CopyStage copyStage = new CopyStage();
    private @Nullable Connection connection;
    private @Nullable SourcePosition stored;
    private boolean sequencesHeld;
    /** Whether a chunk of the initial copy went row by row already (said at INFO once, see saySlowerCopy). */
    private boolean copyFallbackSaid;

    /**
     * @param storesPosition false when the position is kept elsewhere (Kafka transport: consumer offsets instead)
     */
    public ChangeApplier(String stream, DatabaseEndpoint target, MappingPlan plan, boolean storesPosition) {
        this(stream, target, plan, storesPosition, DEFERRED_PATIENCE);
    }

    /**
     * @param deferredPatience how long a write whose referenced row is missing is retried with every batch; after
     *     that it is retried once a minute (never dropped) and said in a warning
     */
    public ChangeApplier(String stream, DatabaseEndpoint target, MappingPlan plan, boolean storesPosition,
            java.time.Duration deferredPatience) {
        this.stream = stream;
        this.target = target;
        this.plan = plan;
        this.storesPosition = storesPosition;
        this.deferred = new DeferredWrites(stream, deferredPatience);
        this.lookup = plan.lookupDatabase().map(SourceLookup::new).orElse(null);
    }

    /** How long a write that refers to a missing row is retried with every batch (see {@code DeferredWrites}). */
    public static final java.time.Duration DEFERRED_PATIENCE = java.time.Duration.ofMinutes(10);

    /** Connects, creates the position table if needed, tags the session with the stream's origin. */
    public synchronized void open() throws SQLException {
        Properties props = new Properties();
        // Strings go to the server untyped, so that text from the source fits json, uuid or enum columns alike.
        props.setProperty("stringtype", "unspecified");
        props.setProperty("ApplicationName", "strangler-" + stream);
        // A run of upserts to one table goes as one multi-row INSERT … ON CONFLICT (see WriteBatch).
        props.setProperty("reWriteBatchedInserts", "true");
        Connection c = target.connect(props);
        try {
            SourcePositions.createIfAbsent(c);
            deferred.open(c);
            deferredWaiting = deferred.waiting();
            setUpOrigin(c);
            c.setAutoCommit(false);
            stored = SourcePositions.read(c, stream).orElse(null);
            c.commit();
        }
        catch (SQLException ex) {
            c.close();
            throw ex;
        }
        connection = c;
    }

    public synchronized Optional<SourcePosition> storedPosition() {
        return Optional.ofNullable(stored);
    }

    /** Applies the batch and its position in one transaction; on failure nothing of it stays. */
    public synchronized ApplyResult apply(List<SourceChange> changes, @Nullable InTransaction alsoInTransaction)
            throws SQLException {
        return apply(changes, alsoInTransaction, null);
    }

    /**
     * Applies one chunk of an initial copy (rows read once each in one snapshot, and the chunk's position) in one
     * transaction with the meaning of {@link #apply}: the same mapping, the same upserts, the same position, but each
     * target table's upserts are written set-based ({@code COPY} into a temporary table, then one
     * {@code INSERT … SELECT … ON CONFLICT}, see {@code CopyStage}). Writes that cannot go that way (deletes, column
     * updates, tables in a foreign key, values whose text form could be read differently) go as in {@link #apply};
     * a chunk in which both ways would meet the same table, or that fails on the set-based way (the same target row
     * twice), is rolled back and applied as {@link #apply} does.
     */
    public synchronized ApplyResult copy(List<SourceChange> changes) throws SQLException {
        if (deferredWaiting > 0) {
            return apply(changes, null, null); // writes wait for rows: the order of every write matters
        }
        try {
            return apply(changes, null, copyStage);
        }
        catch (CopyRefused refused) {
            saySlowerCopy(refused.getMessage(), null);
        }
        catch (SQLException ex) {
            saySlowerCopy("the set-based write failed: " + ex.getMessage(), ex);
        }
        return apply(changes, null, null);
    }

    /**
     * A chunk written row by row is slower than set-based: said once per stream (this applier) at INFO, with the
     * reason, so that a slow initial copy explains itself in the log; later chunks only at DEBUG (a table whose rows
     * cannot go set-based would otherwise write a line per chunk).
     */
    private void saySlowerCopy(String reason, @Nullable SQLException failure) {
        if (copyFallbackSaid) {
            log.debug("{}: a chunk of the initial copy goes row by row ({})", stream, reason, failure);
            return;
        }
        copyFallbackSaid = true;
        log.info("{}: a chunk of the initial copy goes row by row, not set-based ({}); further such chunks are "
                + "logged at DEBUG only", stream, reason);
        if (failure != null) {
            log.debug("{}: the set-based write failed", stream, failure);
        }
    }

    /** A chunk the set-based way cannot write with the stream's meaning; it is written row by row instead. */
    private static final class CopyRefused extends RuntimeException {

        CopyRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    private ApplyResult apply(List<SourceChange> changes, @Nullable InTransaction alsoInTransaction,
            @Nullable CopyStage stage) throws SQLException {
        Connection c = requireOpen();
        Map<TableName, long[]> appliedByTable = new LinkedHashMap<>();
        Map<TableName, Long> highestIds = new HashMap<>();
        List<String> markers = new ArrayList<>();
        int duplicates = 0;
        int loopGuarded = 0;
        long newest = 0;
        SourcePosition last = null;
        SourcePosition lastRow = null;
        RowLookup rowLookup = lookup == null ? RowLookup.NONE : lookup;
        try {
            for (SourceChange change : changes) {
                newest = Math.max(newest, change.sourceTimestampMillis());
                // Debezium resumes from the newest offset of any record (heartbeats included), so store that one.
                last = change.position();
                if (change.kind() == SourceChange.Kind.MARKER && change.marker() != null) {
                    markers.add(change.marker());
                }
                if (change.kind() != SourceChange.Kind.ROW || change.row() == null) {
                    continue;
                }
                // Only row changes order by [last commit, lsn]: a heartbeat's non-transactional message may sit at a
                // later LSN than a change of a transaction that commits after it, so it must not be the skip key.
                if (stored != null && stored.covers(change.position())) {
                    duplicates++;
                    continue;
                }
                lastRow = change.position();
                if (change.writtenByAnApplier()) {
                    loopGuarded++;
                    continue;
                }
                RowChange row = change.row();
                for (RowWrite write : plan.map(row, rowLookup)) {
                    if (stage != null && write instanceof RowWrite.Upsert upsert && !deferred.mayWait(write)
                            && stage.add(c, upsert)) {
                        noteIdentity(write, highestIds);
                        continue;
                    }
                    if (stage != null && !stage.writtenDirectly(write.table())) {
                        throw new CopyRefused(write.table() + " has rows of both ways in one chunk");
                    }
                    if (apply(c, write)) {
                        noteIdentity(write, highestIds);
                    }
                }
                long[] counts = appliedByTable.computeIfAbsent(row.table(), t -> new long[RowChange.Kind.values()
                        .length]);
                counts[row.kind().ordinal()]++;
            }
            batch.flush();
            if (stage != null) {
                stage.flush(c);
            }
            deferred.retry(c, ChangeApplier::execute);
            if (!sequencesHeld) {
                advanceSequences(c, highestIds);
            }
            SourcePosition next = null;
            if (last != null) {
                SourcePosition skipKey = lastRow != null ? lastRow : stored;
                next = new SourcePosition(last.offsetJson(), skipKey == null ? null : skipKey.commitLsn(),
                        skipKey == null ? null : skipKey.lsn(), last.snapshot());
            }
            if (storesPosition && next != null) {
                SourcePositions.write(c, stream, next);
            }
            if (alsoInTransaction != null) {
                alsoInTransaction.run(c);
            }
            c.commit();
            deferred.committed();
            deferredWaiting = deferred.waiting();
            if (storesPosition && next != null) {
                stored = next;
            }
            last = next;
        }
        catch (SQLException | RuntimeException ex) {
            batch.discard();
            if (stage != null) {
                stage.clear();
            }
            rollbackQuietly(c);
            deferred.rolledBack();
            deferredWaiting = deferred.waiting();
            throw ex;
        }
        finally {
            if (lookup != null) {
                lookup.newBatch();
            }
        }
        Map<String, Map<String, Long>> applied = new LinkedHashMap<>();
        appliedByTable.forEach((table, counts) -> {
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (RowChange.Kind kind : RowChange.Kind.values()) {
                if (counts[kind.ordinal()] > 0) {
                    byKind.put(kind.name(), counts[kind.ordinal()]);
                }
            }
            applied.put(table.toString(), byKind);
        });
        return new ApplyResult(applied, duplicates, loopGuarded, markers, newest, last);
    }

    /**
     * Runs {@code work} on this applier's session in one transaction while no batch is being applied: its writes
     * carry the stream's replication origin (the opposite direction never captures them back), and whatever it reads
     * from the source afterwards is at least as new as everything applied so far. The stored position is untouched.
     */
    public synchronized <T> T exclusively(Exclusive<T> work) throws SQLException {
        Connection c = requireOpen();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        }
        catch (SQLException | RuntimeException ex) {
            rollbackQuietly(c);
            throw ex;
        }
    }

    /** Executes one mapped write with the same SQL as the stream (upserts keep the version guard). */
    public static void write(Connection connection, RowWrite write) throws SQLException {
        execute(connection, write);
    }

    /**
     * Stops (or resumes) moving the target's sequences past the ids of each batch. A direction switch holds them
     * while both sides may write: the side that still hands out ids must not be pushed into the range the identity
     * fence gave the other side. Returns once a batch in progress has finished, so no later batch moves them.
     */
    public synchronized void holdIdentitySequences(boolean hold) {
        sequencesHeld = hold;
    }

    /**
     * Moves every identity sequence of the written tables past the highest id they hold, so that once this side
     * generates ids again (after cutover) it never hands out one that was synced in.
     */
    public synchronized void advanceIdentitySequences() throws SQLException {
        Connection c = requireOpen();
        try (Statement statement = c.createStatement()) {
            for (Map.Entry<TableName, List<String>> identity : plan.identityTables().entrySet()) {
                if (identity.getValue().size() != 1) {
                    continue;
                }
                String column = identity.getValue().get(0);
                String sequence;
                try (ResultSet rs = statement.executeQuery("SELECT pg_get_serial_sequence('" + identity.getKey()
                        + "', '" + column + "')")) {
                    sequence = rs.next() ? rs.getString(1) : null;
                }
                if (sequence == null) {
                    continue; // no sequence behind the key (a text or uuid key, ids the application assigns)
                }
                statement.execute("SELECT setval(s.seq, m.id) FROM (SELECT '" + sequence.replace("'", "''")
                        + "'::regclass AS seq) s, (SELECT max(" + column + ")::bigint AS id FROM "
                        + identity.getKey() + ") m WHERE m.id IS NOT NULL"
                        + " AND m.id > coalesce(pg_sequence_last_value(s.seq), 0)");
            }
            c.commit();
        }
        catch (SQLException ex) {
            rollbackQuietly(c);
            throw ex;
        }
    }

    /**
     * Writes waiting for a row they refer to (distinct target rows), as of the last batch. Not synchronized: status
     * and health read it while a resync holds this applier for as long as its copy takes.
     */
    public int deferredWrites() {
        return deferredWaiting;
    }

    @Override
    public synchronized void close() {
        batch.close();
        if (lookup != null) {
            lookup.close();
        }
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ex) {
                log.debug("Closing the applier connection of {} failed", stream, ex);
            }
            connection = null;
        }
    }

    private Connection requireOpen() {
        if (connection == null) {
            throw new IllegalStateException("Applier of " + stream + " is not open");
        }
        return connection;
    }

    private void setUpOrigin(Connection c) throws SQLException {
        try (PreparedStatement create = c.prepareStatement("SELECT pg_replication_origin_create(?) WHERE NOT EXISTS "
                + "(SELECT 1 FROM pg_replication_origin WHERE roname = ?)")) {
            create.setString(1, stream);
            create.setString(2, stream);
            create.execute();
        }
        catch (SQLException ex) {
            if (!"23505".equals(ex.getSQLState())) {
                throw ex;
            }
        }
        // A session of a killed process may hold the origin until PostgreSQL notices it is gone.
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try (PreparedStatement setup = c.prepareStatement("SELECT pg_replication_origin_session_setup(?)")) {
                setup.setString(1, stream);
                setup.execute();
                return;
            }
            catch (SQLException ex) {
                if (!"55006".equals(ex.getSQLState()) || System.currentTimeMillis() > deadline) {
                    throw ex;
                }
                try {
                    Thread.sleep(200);
                }
                catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    /**
     * Forward only: the service takes over id generation at cutover. The shared database keeps its own sequence while
     * both directions run, or both sides would hand out the same next ids; prepare-switch fences it when needed.
     */
    private void noteIdentity(RowWrite write, Map<TableName, Long> highestIds) {
        if (plan.direction() == dev.strangler.sync.mapping.Direction.FORWARD && write instanceof RowWrite.Upsert upsert && upsert.key().size() == 1
                && plan.identityTables().containsKey(upsert.table())
                && upsert.values().get(upsert.key().get(0)) instanceof Number id) {
            highestIds.merge(upsert.table(), id.longValue(), Math::max);
        }
    }

    private void advanceSequences(Connection c, Map<TableName, Long> highestIds) throws SQLException {
        for (Map.Entry<TableName, Long> entry : highestIds.entrySet()) {
            String column = plan.identityTables().get(entry.getKey()).get(0);
            // setval is not transactional: it only ever moves the sequence forward here, so a rollback is harmless.
            try (PreparedStatement advance = c.prepareStatement("SELECT setval(s.seq, ?) FROM (SELECT "
                    + "pg_get_serial_sequence(?, ?)::regclass AS seq) s WHERE s.seq IS NOT NULL "
                    + "AND ? > coalesce(pg_sequence_last_value(s.seq), 0)")) {
                advance.setLong(1, entry.getValue());
                advance.setString(2, entry.getKey().toString());
                advance.setString(3, column);
                advance.setLong(4, entry.getValue());
                advance.execute();
            }
        }
    }

    /**
     * Runs one write, or defers it when it refers to a row that is not there yet (or queues behind an earlier
     * deferred write of the same row); true when it ran.
     */
    private boolean apply(Connection c, RowWrite write) throws SQLException {
        if (write instanceof RowWrite.Delete delete) {
            deferred.supersede(c, delete);
        }
        else if (deferred.waitingFor(write)) {
            deferred.defer(c, write, "an earlier write of this row waits");
            return false;
        }
        boolean landed;
        if (!deferred.mayWait(write) && !(write instanceof RowWrite.UpdateColumns)) {
            // Nothing depends on its outcome: it joins the run of writes sent in one round trip.
            WriteSql statement = statements.of(write);
            batch.add(c, statement.sql(), statement.parameters(), DeferredWrites.keyOf(write));
            return true;
        }
        else if (!deferred.mayWait(write)) {
            WriteSql statement = statements.of(write);
            landed = counts(write, batch.execute(c, statement.sql(), statement.parameters()));
        }
        else {
            // A savepoint must come after the queued writes, or rolling back to it would undo them.
            batch.flush();
            java.sql.Savepoint savepoint = c.setSavepoint();
            try {
                landed = execute(c, write);
                c.releaseSavepoint(savepoint);
            }
            catch (SQLException ex) {
                c.rollback(savepoint);
                if (!DeferredWrites.isMissingReference(ex)) {
                    throw ex;
                }
                deferred.defer(c, write, ex.getMessage() == null ? ex.getSQLState() : ex.getMessage().lines()
                        .findFirst().orElse(""));
                return false;
            }
        }
        if (!landed) {
            // Its row is not there yet (over Kafka the parent's topic may be behind): it waits, never dropped.
            deferred.deferUntilRowExists(c, (RowWrite.UpdateColumns) write);
        }
        return landed;
    }

    /**
     * Runs one write; false for a column update that found no row to update. Clearing columns of a row that is not
     * there counts as done: an absent row has no values, and anything that waits for the row queued the clearing.
     */
    private static boolean execute(Connection c, RowWrite write) throws SQLException {
        WriteSql statement = statementOf(write);
        try (PreparedStatement prepared = c.prepareStatement(statement.sql())) {
            List<@Nullable Object> parameters = statement.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                prepared.setObject(i + 1, parameters.get(i));
            }
            return counts(write, prepared.executeUpdate());
        }
    }

    private static boolean counts(RowWrite write, int rows) {
        return rows > 0 || !(write instanceof RowWrite.UpdateColumns update)
                || update.values().values().stream().allMatch(java.util.Objects::isNull);
    }

    /** A write's SQL and its parameters, ready to bind in order. */
    private record WriteSql(String sql, List<@Nullable Object> parameters) {
    }

    private static WriteSql statementOf(RowWrite write) {
        return new WriteSql(sqlOf(write), parametersOf(write));
    }

    private static List<@Nullable Object> parametersOf(RowWrite write) {
        List<@Nullable Object> parameters = new ArrayList<>();
        if (write instanceof RowWrite.Upsert upsert) {
            parameters.addAll(upsert.values().values());
        }
        else if (write instanceof RowWrite.Delete delete) {
            parameters.addAll(delete.key().values());
        }
        else {
            RowWrite.UpdateColumns update = (RowWrite.UpdateColumns) write;
            parameters.addAll(update.values().values());
            parameters.addAll(update.key().values());
        }
        // The driver cannot type a list; as an array literal sent untyped, the server reads it as the column's array
        // type (integer[], text[], an enum's array alike).
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) instanceof List<?> list) {
                parameters.set(i, arrayLiteral(list));
            }
        }
        return parameters;
    }

    private static String sqlOf(RowWrite write) {
        if (write instanceof RowWrite.Upsert upsert) {
            return upsertSql(upsert);
        }
        if (write instanceof RowWrite.Delete delete) {
            return "DELETE FROM " + delete.table() + " WHERE " + where(delete.key().keySet());
        }
        RowWrite.UpdateColumns update = (RowWrite.UpdateColumns) write;
        return "UPDATE " + update.table() + " SET " + update.values().keySet().stream()
                .map(column -> column + " = ?").collect(Collectors.joining(", ")) + " WHERE "
                + where(update.key().keySet());
    }

    /**
     * The SQL of each shape of write the stream has seen (kind, table, columns in order, key, version column), so
     * that a row's write is bound to SQL built once rather than built again for every row.
     */
    private static final class StatementShapes {

        /** A pipeline writes a handful of shapes; a map this full is cleared rather than grown. */
        private static final int MAX_SHAPES = 256;

        private record Shape(Class<?> kind, TableName table, List<String> columns, Object key,
                @Nullable String versionColumn) {
        }

        private final Map<Shape, String> sql = new HashMap<>();

        WriteSql of(RowWrite write) {
            Shape shape;
            if (write instanceof RowWrite.Upsert upsert) {
                shape = new Shape(RowWrite.Upsert.class, upsert.table(), List.copyOf(upsert.values().keySet()),
                        upsert.key(), upsert.versionColumn());
            }
            else if (write instanceof RowWrite.Delete delete) {
                shape = new Shape(RowWrite.Delete.class, delete.table(), List.copyOf(delete.key().keySet()), List.of(),
                        null);
            }
            else {
                RowWrite.UpdateColumns update = (RowWrite.UpdateColumns) write;
                shape = new Shape(RowWrite.UpdateColumns.class, update.table(),
                        List.copyOf(update.values().keySet()), List.copyOf(update.key().keySet()), null);
            }
            String text = sql.get(shape);
            if (text == null) {
                if (sql.size() >= MAX_SHAPES) {
                    sql.clear();
                }
                text = sqlOf(write);
                sql.put(shape, text);
            }
            return new WriteSql(text, parametersOf(write));
        }
    }

    /** PostgreSQL's array input syntax: every element quoted, so commas, braces and the word NULL stay text. */
    static String arrayLiteral(List<?> list) {
        StringBuilder literal = new StringBuilder("{");
        for (Object element : list) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            if (element == null) {
                literal.append("NULL");
            }
            else if (element instanceof List<?> inner) {
                literal.append(arrayLiteral(inner));
            }
            else {
                String text = element instanceof byte[] bytes ? "\\x" + java.util.HexFormat.of().formatHex(bytes)
                        : element.toString();
                literal.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }

    private static String upsertSql(RowWrite.Upsert upsert) {
        return upsertSql(upsert.table(), upsert.values().keySet(), upsert.key(), upsert.versionColumn(), "VALUES ("
                + upsert.values().keySet().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")");
    }

    /** The stream's upsert of {@code rows} (a {@code VALUES} list or a query) into {@code table}. */
    static String upsertSql(TableName table, java.util.Collection<String> columns, List<String> key,
            @Nullable String versionColumn, String rows) {
        List<String> updated = columns.stream().filter(c -> !key.contains(c)).toList();
        String sql = "INSERT INTO " + table + " AS t (" + String.join(", ", columns) + ") " + rows
                + " ON CONFLICT (" + String.join(", ", key) + ") DO ";
        if (updated.isEmpty()) {
            return sql + "NOTHING";
        }
        sql += "UPDATE SET " + updated.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        if (versionColumn != null) {
            // Second guard besides the position: never let an older version replace a newer row.
            sql += " WHERE t." + versionColumn + " <= EXCLUDED." + versionColumn;
        }
        return sql;
    }

    private static String where(java.util.Collection<String> columns) {
        return columns.stream().map(column -> column + " = ?").collect(Collectors.joining(" AND "));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        }
        catch (SQLException ex) {
            log.debug("Rollback failed", ex);
        }
    }
}
