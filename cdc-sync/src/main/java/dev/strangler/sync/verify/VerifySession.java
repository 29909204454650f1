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

    /** Canonical rows by key: the first column is the key, the rest the row's values as text. */
    static Map<Long, List<@Nullable String>> rows(Connection connection, String sql, Binder binder)
            throws SQLException {
        Map<Long, List<@Nullable String>> rows = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<@Nullable String> values = new ArrayList<>(columns - 1);
                    for (int i = 2; i <= columns; i++) {
                        values.add(rs.getString(i));
                    }
                    rows.put(rs.getLong(1), values);
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
