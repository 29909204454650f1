package dev.strangler.sync.stray;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads a replication slot's activity and retained WAL from {@code pg_replication_slots}. */
public final class ReplicationSlots {

    private ReplicationSlots() {
    }

    /** The slot named {@code slot} in {@code database}; empty when it does not exist. */
    public static Optional<SlotStatus> find(DatabaseEndpoint database, String slot) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement("SELECT active, wal_status, "
                        + "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots "
                        + "WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long retained = rs.getLong(3);
                return Optional.of(new SlotStatus(slot, databaseName(database), rs.getBoolean(1),
                        rs.wasNull() ? -1 : retained, rs.getString(2)));
            }
        }
    }

    private static String databaseName(DatabaseEndpoint database) {
        String url = database.jdbcUrl();
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        return url.substring(slash + 1, query < 0 ? url.length() : query);
    }
}
