package dev.strangler.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL 17 in a Testcontainers container, configured like the embedded server (logical WAL, durable commits). */
final class ContainerTestPostgres implements TestPostgres {

    private final PostgreSQLContainer container;
    private final AtomicInteger databases = new AtomicInteger();

    private ContainerTestPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    static TestPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20", "-c", "max_connections=200");
        container.start();
        return new ContainerTestPostgres(container);
    }

    @Override
    public String createDatabase(String prefix) {
        String name = prefix + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(container.getJdbcUrl(), username(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create test database " + name, ex);
        }
        return name;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String description() {
        return "PostgreSQL container " + container.getDockerImageName();
    }
}
