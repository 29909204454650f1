package dev.strangler.sync.mapping;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the kit's own bookkeeping tables (positions, deferred writes, directions, offsets, stray writes) in a
 * database the kit writes to. {@code CREATE TABLE IF NOT EXISTS} is not safe when two sessions run it at once (both
 * see no table, one fails on the catalog's unique index), and several appliers, pipelines or Connect tasks open on
 * one database together; so each table's statements run under a transaction-scoped advisory lock named after it.
 */
public final class KitTables {

    private KitTables() {
    }

    /**
     * Runs {@code statements} (each idempotent: {@code CREATE … IF NOT EXISTS}, {@code ADD COLUMN IF NOT EXISTS}) in
     * one transaction, serialised with every other session creating {@code table}; leaves the connection's
     * auto-commit as it found it.
     */
    public static void createIfAbsent(Connection connection, String table, String... statements) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + table.replace("'", "''") + "'))");
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        }
        catch (SQLException ex) {
            connection.rollback();
            throw ex;
        }
        finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
