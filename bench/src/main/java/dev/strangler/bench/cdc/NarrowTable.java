package dev.strangler.bench.cdc;

import dev.strangler.testsupport.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The table every CDC figure is measured on: narrow rows (a key, a short text, an int and the time the row was
 * written). The copy on the target side has one more column, {@code applied_at}, filled by PostgreSQL when the
 * row arrives, so commit-to-visible lag is {@code applied_at - written_at} read from one clock, for every subject.
 */
final class NarrowTable {

    static final String NAME = "bench_item";
    static final String SOURCE_DDL = "CREATE TABLE bench_item (id bigint PRIMARY KEY, name text NOT NULL, "
            + "amount integer NOT NULL, written_at timestamptz NOT NULL DEFAULT clock_timestamp())";
    static final String TARGET_DDL = "CREATE TABLE bench_item (id bigint PRIMARY KEY, name text, amount integer, "
            + "written_at timestamptz, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())";
    private static final String INSERT_RANGE = "INSERT INTO bench_item (id, name, amount) "
            + "SELECT g, 'item ' || g, (g % 1000)::int FROM generate_series(?::bigint, ?::bigint) g";

    private final TestPostgres postgres;

    NarrowTable(TestPostgres postgres) {
        this.postgres = postgres;
    }

    String createSource(String prefix) {
        String database = postgres.createDatabase(prefix);
        execute(database, SOURCE_DDL);
        return database;
    }

    String createTarget(String prefix) {
        String database = postgres.createDatabase(prefix);
        execute(database, TARGET_DDL);
        return database;
    }

    /** Inserts ids {@code from..to} in transactions of {@code perTransaction} rows, as fast as one session can. */
    void insert(String database, long from, long to, int perTransaction) throws SQLException {
        try (Connection connection = postgres.connect(database);
                PreparedStatement insert = connection.prepareStatement(INSERT_RANGE)) {
            for (long first = from; first <= to; first += perTransaction) {
                insert.setLong(1, first);
                insert.setLong(2, Math.min(to, first + perTransaction - 1));
                insert.executeUpdate();
            }
        }
    }

    long count(String database, long from, long to) throws SQLException {
        return queryLong(database, "SELECT count(*) FROM bench_item WHERE id BETWEEN " + from + " AND " + to);
    }

    /** PostgreSQL's clock now, in epoch microseconds (the clock {@code written_at}/{@code applied_at} use). */
    long nowMicros(String database) throws SQLException {
        return queryLong(database, "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint");
    }

    /** When the last of the rows {@code from..to} became visible on the target, in epoch microseconds. */
    long lastAppliedMicros(String target, long from, long to) throws SQLException {
        return queryLong(target, "SELECT (extract(epoch FROM max(applied_at)) * 1000000)::bigint FROM bench_item "
                + "WHERE id BETWEEN " + from + " AND " + to);
    }

    /** {@code applied_at - written_at} of each row {@code from..to} of the target, in microseconds. */
    List<Long> lagsMicros(String target, long from, long to) throws SQLException {
        List<Long> lags = new ArrayList<>();
        try (Connection connection = postgres.connect(target); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT (extract(epoch FROM applied_at - written_at) "
                        + "* 1000000)::bigint FROM bench_item WHERE id BETWEEN " + from + " AND " + to)) {
            while (rows.next()) {
                lags.add(rows.getLong(1));
            }
        }
        return lags;
    }

    void execute(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(database + ": " + sql + ": " + ex.getMessage(), ex);
        }
    }

    long queryLong(String database, String sql) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Drops a database the run no longer needs (its slots must be gone), to keep the server's disk small. */
    void drop(String database) {
        execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    TestPostgres postgres() {
        return postgres;
    }
}
