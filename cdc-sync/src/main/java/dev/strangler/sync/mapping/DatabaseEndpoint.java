package dev.strangler.sync.mapping;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where one side of a pipeline lives, and the one way the engine opens a connection to it. */
public record DatabaseEndpoint(String jdbcUrl, String username, String password) {

    /** A new connection as {@link #username}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /**
     * A new connection as {@link #username} with further driver settings ({@code ApplicationName},
     * {@code replication}, …); {@code settings} is not changed.
     */
    public Connection connect(Properties settings) throws SQLException {
        Properties all = new Properties();
        all.putAll(settings);
        all.setProperty("user", username);
        all.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, all);
    }

    @Override
    public String toString() {
        // Never print the password.
        return jdbcUrl + " as " + username;
    }
}
