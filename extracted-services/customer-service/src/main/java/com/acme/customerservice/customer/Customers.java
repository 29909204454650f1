package com.acme.customerservice.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All customers, in the {@code customer} and {@code customer_address} tables. */
@Repository
class Customers {

    private static final String SELECT = """
            SELECT c.id, c.given_name, c.family_name, c.email, c.phone_number, c.registered_at, c.modified_at,
                   c.revision, a.customer_id AS address_of, a.street, a.city, a.postal_code, a.country_code
            FROM customer c LEFT JOIN customer_address a ON a.customer_id = c.id
            """;

    private final JdbcClient jdbc;

    Customers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Customer> findById(long id) {
        return jdbc.sql(SELECT + " WHERE c.id = ?").param(id).query(Customers::customer).optional();
    }

    List<Customer> findPage(int page, int size) {
        return jdbc.sql(SELECT + " ORDER BY c.id LIMIT ? OFFSET ?").param(size).param((long) page * size)
                .query(Customers::customer).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM customer").query(Long.class).single();
    }

    boolean existsByEmail(String email, @Nullable Long except) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM customer WHERE lower(email) = lower(?) AND id <> ?)")
                .param(email).param(except == null ? 0L : except).query(Boolean.class).single();
    }

    /**
     * Stores a new customer under the next free id. Rows synced in from the monolith carry their own ids and do
     * not move the identity sequence, so the next value may already be taken: such ids are skipped (and the
     * sequence moved past the highest id) instead of failing the request.
     */
    Customer register(Customer customer) {
        while (true) {
            Optional<Long> id = jdbc.sql("""
                    INSERT INTO customer (id, given_name, family_name, email, phone_number, registered_at,
                                          modified_at, revision)
                    VALUES (nextval(pg_get_serial_sequence('customer', 'id')), ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """)
                    .param(customer.givenName()).param(customer.familyName()).param(customer.email())
                    .param(customer.phoneNumber()).param(timestamp(customer.registeredAt()))
                    .param(timestamp(customer.modifiedAt())).param(customer.revision())
                    .query(Long.class).optional();
            if (id.isPresent()) {
                Customer saved = customer.withId(id.get());
                writeAddress(saved);
                return saved;
            }
            jdbc.sql("SELECT setval(pg_get_serial_sequence('customer', 'id'), (SELECT max(id) FROM customer))")
                    .query().singleRow();
        }
    }

    /** Writes a changed customer if nobody else changed it since {@code expectedRevision}; false otherwise. */
    boolean update(Customer customer, long expectedRevision) {
        int updated = jdbc.sql("""
                UPDATE customer SET given_name = ?, family_name = ?, email = ?, phone_number = ?, modified_at = ?,
                                    revision = ?
                WHERE id = ? AND revision = ?
                """)
                .param(customer.givenName()).param(customer.familyName()).param(customer.email())
                .param(customer.phoneNumber()).param(timestamp(customer.modifiedAt())).param(customer.revision())
                .param(customer.id()).param(expectedRevision)
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("DELETE FROM customer_address WHERE customer_id = ?").param(customer.id()).update();
        writeAddress(customer);
        return true;
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM customer WHERE id = ?").param(id).update(); // the address goes with it (cascade)
    }

    private void writeAddress(Customer customer) {
        PostalAddress address = customer.address();
        if (address == null) {
            return;
        }
        jdbc.sql("""
                INSERT INTO customer_address (customer_id, street, city, postal_code, country_code)
                VALUES (?, ?, ?, ?, ?)
                """)
                .param(customer.id()).param(address.street()).param(address.city()).param(address.postalCode())
                .param(address.countryCode())
                .update();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Customer customer(ResultSet rs, int row) throws SQLException {
        PostalAddress address = rs.getObject("address_of") == null ? null
                : new PostalAddress(rs.getString("street"), rs.getString("city"), rs.getString("postal_code"),
                        rs.getString("country_code"));
        return new Customer(rs.getLong("id"), rs.getString("given_name"), rs.getString("family_name"),
                rs.getString("email"), rs.getString("phone_number"), address,
                rs.getObject("registered_at", OffsetDateTime.class).toInstant(),
                rs.getObject("modified_at", OffsetDateTime.class).toInstant(), rs.getLong("revision"));
    }
}
