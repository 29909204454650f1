package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * At a direction switch, moves the identity sequences of the side that takes over past the highest id the old side
 * has handed out, including ids whose rows are still on their way. Ids are preserved across systems, so without this
 * the new side could generate an id that a late synced row then overwrites.
 */
final class IdentityFence {

    private IdentityFence() {
    }

    static void raise(PipelineDefinition pipeline, Direction to) throws SQLException {
        DatabaseEndpoint oldSide = pipeline.captured(to.opposite());
        DatabaseEndpoint newSide = pipeline.captured(to);
        for (TableMapping mapping : pipeline.tables()) {
            if (mapping.key().size() != 1) {
                continue;
            }
            TableName oldTable = to == Direction.REVERSE ? mapping.source() : mapping.primary().table();
            String oldKey = to == Direction.REVERSE ? mapping.key().get(0) : mapping.primary().key().get(0);
            TableName newTable = to == Direction.REVERSE ? mapping.primary().table() : mapping.source();
            String newKey = to == Direction.REVERSE ? mapping.primary().key().get(0) : mapping.key().get(0);
            Long highest = highestId(oldSide, oldTable, oldKey);
            if (highest != null) {
                advance(newSide, newTable, newKey, highest);
            }
        }
    }

    private static Long highestId(DatabaseEndpoint database, TableName table, String key) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT greatest(max(" + key + ")::bigint, coalesce("
                        + "pg_sequence_last_value(pg_get_serial_sequence('" + table + "', '" + key + "')::regclass), 0))"
                        + " FROM " + table)) {
            return rs.next() ? rs.getObject(1, Long.class) : null;
        }
    }

    private static void advance(DatabaseEndpoint database, TableName table, String key, long past)
            throws SQLException {
        try (Connection connection = connect(database); PreparedStatement setval = connection.prepareStatement(
                "SELECT setval(s.seq, ?) FROM (SELECT pg_get_serial_sequence(?, ?)::regclass AS seq) s "
                        + "WHERE s.seq IS NOT NULL AND ? > coalesce(pg_sequence_last_value(s.seq), 0)")) {
            setval.setLong(1, past);
            setval.setString(2, table.toString());
            setval.setString(3, key);
            setval.setLong(4, past);
            setval.execute();
        }
    }

    private static Connection connect(DatabaseEndpoint database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
