package dev.strangler.sync.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Both connections of one verification, queried at the same time, and the count of the queries made: what every
 * phase of a verification shares.
 */
record VerifySession(Connection source, Connection target, ExecutorService sides, AtomicInteger queries) {

    /** Runs {@code query} on both sides at once; the source's result first. */
    <T> List<T> both(CanonicalRows canonical, SideQuery<T> query) throws SQLException {
        CompletableFuture<T> onTarget = CompletableFuture.supplyAsync(() -> {
            try {
                return query.run(canonical.target(), target);
            }
            catch (SQLException ex) {
                throw new CompletionException(ex);
            }
        }, sides);
        T onSource;
        try {
            onSource = query.run(canonical.source(), source);
        }
        finally {
            queries.addAndGet(2);
        }
        try {
            List<T> results = new ArrayList<>(2);
            results.add(onSource);
            results.add(onTarget.join());
            return results;
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw ex;
        }
    }

    /**
     * Canonical rows by key: the first {@code keyWidth} columns are the key (a {@code bigint} read as a number,
     * anything else as text), the rest the row's values as text.
     */
    static Map<RowKey, List<@Nullable String>> rows(Connection connection, String sql, int keyWidth, Binder binder)
            throws SQLException {
        Map<RowKey, List<@Nullable String>> rows = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(keyWidth);
                    for (int i = 1; i <= keyWidth; i++) {
                        key.add(rs.getObject(i) instanceof Number n ? (Object) n.longValue() : rs.getString(i));
                    }
                    List<@Nullable String> values = new ArrayList<>(columns - keyWidth);
                    for (int i = keyWidth + 1; i <= columns; i++) {
                        values.add(rs.getString(i));
                    }
                    rows.put(new RowKey(key), values);
                }
            }
        }
        return rows;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    interface SideQuery<T> {
        T run(CanonicalRows.Side side, Connection connection) throws SQLException;
    }
}
