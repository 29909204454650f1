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
 * The connections of one verification, both sides queried at the same time, and the count of the queries made: what
 * every phase of a verification shares. Each side has {@link #lanes()} connections: the first for every phase, all
 * of them for the checksums of the whole table ({@link #inLanes}).
 *
 * @param sides runs the queries of the other connections, at least two per lane
 */
record VerifySession(List<Connection> sources, List<Connection> targets, ExecutorService sides,
        AtomicInteger queries) {

    VerifySession {
        if (sources.isEmpty() || sources.size() != targets.size()) {
            throw new IllegalArgumentException("as many connections per side, at least one: " + sources.size()
                    + " and " + targets.size());
        }
    }

    Connection source() {
        return sources.get(0);
    }

    Connection target() {
        return targets.get(0);
    }

    int lanes() {
        return sources.size();
    }

    /**
     * Runs {@code count} queries on both sides at once, query {@code i} on connection {@code i % lanes()} of each
     * side, all connections at the same time; per side (the source's first) the results in query order.
     */
    <T> List<List<T>> inLanes(CanonicalRows canonical, int count, LaneQuery<T> query) throws SQLException {
        List<CompletableFuture<List<T>>> running = new ArrayList<>();
        int lanes = Math.min(count, lanes());
        for (int side = 0; side < 2; side++) {
            CanonicalRows.Side projection = side == 0 ? canonical.source() : canonical.target();
            List<Connection> connections = side == 0 ? sources : targets;
            for (int lane = 0; lane < lanes; lane++) {
                int first = lane;
                running.add(CompletableFuture.supplyAsync(() -> {
                    List<T> results = new ArrayList<>();
                    for (int i = first; i < count; i += lanes) {
                        try {
                            results.add(query.run(projection, connections.get(first), i));
                        }
                        catch (SQLException ex) {
                            throw new CompletionException(ex);
                        }
                        finally {
                            queries.incrementAndGet();
                        }
                    }
                    return results;
                }, sides));
            }
        }
        try {
            List<List<T>> bySide = new ArrayList<>(2);
            for (int side = 0; side < 2; side++) {
                List<List<T>> byLane = new ArrayList<>(lanes);
                for (int lane = 0; lane < lanes; lane++) {
                    byLane.add(running.get(side * lanes + lane).join());
                }
                List<T> results = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    results.add(byLane.get(i % lanes).get(i / lanes));
                }
                bySide.add(results);
            }
            return bySide;
        }
        catch (CompletionException ex) {
            running.forEach(f -> f.cancel(false));
            if (ex.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw ex;
        }
    }

    /** Runs {@code query} on both sides at once; the source's result first. */
    <T> List<T> both(CanonicalRows canonical, SideQuery<T> query) throws SQLException {
        CompletableFuture<T> onTarget = CompletableFuture.supplyAsync(() -> {
            try {
                return query.run(canonical.target(), target());
            }
            catch (SQLException ex) {
                throw new CompletionException(ex);
            }
        }, sides);
        T onSource;
        try {
            onSource = query.run(canonical.source(), source());
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

    @FunctionalInterface
    interface LaneQuery<T> {
        T run(CanonicalRows.Side side, Connection connection, int index) throws SQLException;
    }
}
