package dev.strangler.sync.testing;

import dev.strangler.sync.mapping.PipelineDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A fresh shared (legacy) database and a fresh customer-service database on the test PostgreSQL, with the shop's
 * customer schemas, and the shipped {@code customers} pipeline pointed at them. Drops the slots it caused when closed.
 */
public final class CustomerDatabases extends PipelineDatabases {

    public static final String LEGACY_ROWS = "SELECT id, first_name, last_name, email, phone, street, city, "
            + "postal_code, country, created_at, updated_at, version FROM customers ORDER BY id";
    public static final String SERVICE_ROWS = "SELECT c.id, c.given_name, c.family_name, c.email, c.phone_number, "
            + "a.street, a.city, a.postal_code, a.country_code, c.registered_at, c.modified_at, c.revision "
            + "FROM customer c LEFT JOIN customer_address a ON a.customer_id = c.id ORDER BY c.id";

    public CustomerDatabases() {
        super("shop", "customers", resource("/fixtures/shared-customers.sql"),
                resource("/fixtures/customer-service.sql"));
    }

    /** The shipped sample pipeline, pointed at these two databases. */
    public PipelineDefinition pipeline() {
        return pipeline("customers.yaml", "CUSTOMER");
    }

    public List<List<String>> legacyRows() {
        return rows(legacy(), LEGACY_ROWS);
    }

    public List<List<String>> serviceRows() {
        return rows(service(), SERVICE_ROWS);
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
        try (Connection connection = postgres().connect(legacy())) {
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

}
