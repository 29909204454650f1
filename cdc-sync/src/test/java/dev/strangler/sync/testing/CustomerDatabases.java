package dev.strangler.sync.testing;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fresh shared (legacy) database and a fresh customer-service database on the test PostgreSQL, with the shop's
 * schemas, and the shipped {@code customers} pipeline pointed at them. Drops the slots it caused when closed.
 */
public final class CustomerDatabases implements AutoCloseable {

    public static final String LEGACY_ROWS = "SELECT id, first_name, last_name, email, phone, street, city, "
            + "postal_code, country, created_at, updated_at, version FROM customers ORDER BY id";
    public static final String SERVICE_ROWS = "SELECT c.id, c.given_name, c.family_name, c.email, c.phone_number, "
            + "a.street, a.city, a.postal_code, a.country_code, c.registered_at, c.modified_at, c.revision "
            + "FROM customer c LEFT JOIN customer_address a ON a.customer_id = c.id ORDER BY c.id";

    private final TestPostgres postgres = TestPostgres.shared();
    private final String legacy;
    private final String service;

    public CustomerDatabases() {
        legacy = postgres.createDatabase("shop");
        service = postgres.createDatabase("customers");
        run(legacy, resource("/fixtures/shared-customers.sql"));
        run(service, resource("/fixtures/customer-service.sql"));
    }

    public String legacy() {
        return legacy;
    }

    public String service() {
        return service;
    }

    public TestPostgres postgres() {
        return postgres;
    }

    /** The shipped sample pipeline, pointed at these two databases. */
    public PipelineDefinition pipeline() {
        Map<String, String> env = Map.of("STRANGLER_SHOP_DB_URL", postgres.jdbcUrl(legacy), "STRANGLER_SHOP_DB_USER",
                postgres.username(), "STRANGLER_SHOP_DB_PASSWORD", postgres.password(), "STRANGLER_CUSTOMER_DB_URL",
                postgres.jdbcUrl(service), "STRANGLER_CUSTOMER_DB_USER", postgres.username(),
                "STRANGLER_CUSTOMER_DB_PASSWORD", postgres.password());
        try (InputStream yaml = CustomerDatabases.class.getResourceAsStream("/pipelines/customers.yaml")) {
            return new PipelineFiles(ValueConversions.discovered(), Placeholders.from(env::get))
                    .read("pipelines/customers.yaml", yaml);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public List<List<String>> legacyRows() {
        return rows(legacy, LEGACY_ROWS);
    }

    public List<List<String>> serviceRows() {
        return rows(service, SERVICE_ROWS);
    }

    public List<List<String>> rows(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(row);
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public long count(String database, String sql) {
        return Long.parseLong(rows(database, sql).get(0).get(0));
    }

    public void run(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Inserts a legacy customer; {@code city == null} means no address at all. Returns the new id. */
    public long insertLegacyCustomer(Connection connection, String name, String city) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (first_name, last_name, "
                + "email, phone, street, city, postal_code, country, created_at, updated_at, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            insert.setString(1, name);
            insert.setString(2, "Legacy");
            insert.setString(3, name.toLowerCase() + "@shop.example");
            insert.setString(4, "+49 30 1234");
            insert.setString(5, city == null ? null : "Main Street 1");
            insert.setString(6, city);
            insert.setString(7, city == null ? null : "10115");
            insert.setString(8, city == null ? null : "DE");
            insert.setObject(9, now);
            insert.setObject(10, now);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long insertLegacyCustomer(String name, String city) {
        try (Connection connection = postgres.connect(legacy)) {
            return insertLegacyCustomer(connection, name, city);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Inserts a customer in the service (as the service would after cutover). Returns the new id. */
    public long insertServiceCustomer(Connection connection, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customer (given_name, family_name, "
                + "email, phone_number, registered_at, modified_at, revision) VALUES (?, 'Service', ?, NULL, now(), "
                + "now(), 0) RETURNING id")) {
            insert.setString(1, name);
            insert.setString(2, name.toLowerCase() + "@service.example");
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Drops what the tests' streams left on the server: slots hold WAL and count against max_replication_slots. */
    @Override
    public void close() {
        for (String database : List.of(legacy, service)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> dropSlots(database));
        }
    }

    private boolean dropSlots(String database) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE database = current_database() AND active");
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE database = current_database() AND NOT active");
            try (ResultSet rs = statement.executeQuery(
                    "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = CustomerDatabases.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
