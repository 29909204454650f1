package dev.strangler.sync.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The applier's statements: one prepared statement per distinct SQL (a table and its column set), kept for the life
 * of the applier's connection, and the run of consecutive writes of the same statement that waits to be sent as one
 * JDBC batch (pgjdbc sends a batch in one round trip; with {@code reWriteBatchedInserts} the upserts go as one
 * multi-row {@code INSERT … ON CONFLICT}).
 *
 * <p>Order is kept: a run holds consecutive writes only, and it is sent before any other statement runs on the
 * connection ({@link #flush}). A row appears at most once per run, because one multi-row upsert may not touch the
 * same row twice; a second write of a row sends the run first. Not thread-safe: the applier's lock guards it.
 */
final class WriteBatch implements AutoCloseable {

    /** Writes per round trip; beyond this the gain is small and a failing batch's message gets harder to read. */
    private static final int MAX_RUN = 500;
    /** Distinct statements kept prepared; a pipeline has a handful (tables × upsert/delete/update shapes). */
    private static final int MAX_STATEMENTS = 64;

    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<String> rows = new HashSet<>();
    private @Nullable PreparedStatement run;
    private @Nullable String runSql;
    private int runSize;

    /** Queues one write of {@code row}; sends the run first when the statement changes or the row is already in it. */
    void add(Connection c, String sql, List<@Nullable Object> parameters, String row) throws SQLException {
        if (run != null && (!sql.equals(runSql) || rows.contains(row) || runSize >= MAX_RUN)) {
            flush();
        }
        PreparedStatement statement = run != null ? run : prepared(c, sql);
        bind(statement, parameters);
        statement.addBatch();
        run = statement;
        runSql = sql;
        rows.add(row);
        runSize++;
    }

    /** Runs one write now, after the queued run, on the cached statement; returns its update count. */
    int execute(Connection c, String sql, List<@Nullable Object> parameters) throws SQLException {
        flush();
        PreparedStatement statement = prepared(c, sql);
        bind(statement, parameters);
        return statement.executeUpdate();
    }

    /** Sends the queued run, if any. On failure the run is dropped (the caller rolls the transaction back). */
    void flush() throws SQLException {
        PreparedStatement statement = run;
        if (statement == null) {
            return;
        }
        run = null;
        runSql = null;
        rows.clear();
        runSize = 0;
        try {
            statement.executeBatch();
        }
        catch (SQLException ex) {
            statement.clearBatch();
            // The batch's own message only says which entry failed; the server's reason is the next exception.
            SQLException reason = ex.getNextException();
            throw reason != null ? reason : ex;
        }
    }

    /** Drops the queued run without sending it (its transaction is being rolled back). */
    void discard() {
        PreparedStatement statement = run;
        run = null;
        runSql = null;
        rows.clear();
        runSize = 0;
        if (statement != null) {
            try {
                statement.clearBatch();
            }
            catch (SQLException ex) {
                // The statement is closed with the connection anyway.
            }
        }
    }

    @Override
    public void close() {
        discard();
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            }
            catch (SQLException ex) {
                // Closing the connection closes it too.
            }
        }
        statements.clear();
    }

    private PreparedStatement prepared(Connection c, String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement != null && statement.getConnection() == c) {
            return statement;
        }
        if (statements.size() >= MAX_STATEMENTS) {
            Iterator<PreparedStatement> eldest = statements.values().iterator();
            eldest.next().close();
            eldest.remove();
        }
        statement = c.prepareStatement(sql);
        statements.put(sql, statement);
        return statement;
    }

    private static void bind(PreparedStatement statement, List<@Nullable Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
