package dev.strangler.sync.apply;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.RowLookup;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The applier's {@link RowLookup}: one read-only, auto-commit connection to the captured database. Values are read
 * as they are when the batch is applied ("at sync time"); within one batch a row is read once.
 * {@link #within(Connection)} reads on a connection the caller holds instead (a resync: its snapshot).
 */
public final class SourceLookup implements RowLookup, AutoCloseable {

    private record Query(TableName table, Map<String, @Nullable Object> match, List<String> columns) {
    }

    private final DatabaseEndpoint database;
    private final Map<Query, @Nullable Map<String, @Nullable Object>> batchCache = new HashMap<>();
    private @Nullable Connection connection;

    SourceLookup(DatabaseEndpoint database) {
        this.database = database;
    }

    /** Forgets what the previous batch read. */
    void newBatch() {
        batchCache.clear();
    }

    @Override
    public @Nullable Map<String, @Nullable Object> find(TableName table, Map<String, @Nullable Object> match,
            List<String> columns) {
        Query query = new Query(table, match, columns);
        if (batchCache.containsKey(query)) {
            return batchCache.get(query);
        }
        try {
            Map<String, @Nullable Object> found = read(query);
            batchCache.put(query, found);
            return found;
        }
        catch (SQLException ex) {
            close(); // reconnect on the next batch
            throw new IllegalStateException("Lookup in " + table + " failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public List<Map<String, @Nullable Object>> findAll(TableName table, Map<String, @Nullable Object> match,
            List<String> columns) {
        // Not cached: a parent entering its reverse-when reads its children once, and they must be current.
        try {
            return readAll(connect(), new Query(table, match, columns), 0);
        }
        catch (SQLException ex) {
            close(); // reconnect on the next batch
            throw new IllegalStateException("Lookup in " + table + " failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * A lookup on {@code connection} of the captured database, e.g. inside a resync's repeatable-read snapshot, so
     * that derived columns come from the same moment as the copied rows. The caller keeps and closes the connection.
     */
    public static RowLookup within(Connection connection) {
        return (table, match, columns) -> {
            try {
                return read(connection, new Query(table, match, columns));
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Lookup in " + table + " failed: " + ex.getMessage(), ex);
            }
        };
    }

    private @Nullable Map<String, @Nullable Object> read(Query query) throws SQLException {
        return read(connect(), query);
    }

    private static @Nullable Map<String, @Nullable Object> read(Connection connection, Query query)
            throws SQLException {
        List<Map<String, @Nullable Object>> rows = readAll(connection, query, 1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** @param limit at most this many rows; 0 for all */
    private static List<Map<String, @Nullable Object>> readAll(Connection connection, Query query, int limit)
            throws SQLException {
        // Table and column names come from the validated pipeline file (plain identifiers); values are parameters.
        String sql = "SELECT " + String.join(", ", query.columns()) + " FROM " + query.table() + " WHERE "
                + query.match().keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "))
                + (limit > 0 ? " LIMIT " + limit : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<@Nullable Object> values = new ArrayList<>(query.match().values());
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            List<Map<String, @Nullable Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, @Nullable Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < query.columns().size(); i++) {
                        row.put(query.columns().get(i), rs.getObject(i + 1));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private Connection connect() throws SQLException {
        if (connection == null) {
            Connection c = database.connect();
            c.setReadOnly(true);
            connection = c;
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ex) {
                // nothing to keep
            }
            connection = null;
        }
    }
}
