package dev.strangler.bench.verifier;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh shared (legacy) database with the monolith's {@code customers} table and a fresh customer-service database
 * ({@code customer}, {@code customer_address}) on the bench's PostgreSQL, and cdc-sync's shipped {@code customers}
 * pipeline pointed at them. The schemas are the ones cdc-sync's tests use (copied, so that the bench does not reach
 * into cdc-sync's test classes); no pipeline runs on them. Both databases are dropped when closed.
 */
final class CustomerPair implements AutoCloseable {

    private final TestPostgres postgres = TestPostgres.shared();
    private final String legacy;
    private final String service;

    CustomerPair() {
        legacy = postgres.createDatabase("bver_shop");
        service = postgres.createDatabase("bver_customers");
        run(legacy, resource("/verifier/shared-customers.sql"));
        run(service, resource("/verifier/customer-service.sql"));
    }

    String legacy() {
        return legacy;
    }

    String service() {
        return service;
    }

    TestPostgres postgres() {
        return postgres;
    }

    /** cdc-sync's shipped sample pipeline {@code pipelines/customers.yaml}, pointed at these two databases. */
    PipelineDefinition pipeline() {
        Map<String, String> env = Map.of("STRANGLER_SHOP_DB_URL", postgres.jdbcUrl(legacy), "STRANGLER_SHOP_DB_USER",
                postgres.username(), "STRANGLER_SHOP_DB_PASSWORD", postgres.password(),
                "STRANGLER_CUSTOMER_DB_URL", postgres.jdbcUrl(service), "STRANGLER_CUSTOMER_DB_USER",
                postgres.username(), "STRANGLER_CUSTOMER_DB_PASSWORD", postgres.password());
        try (InputStream yaml = CustomerPair.class.getResourceAsStream("/pipelines/customers.yaml")) {
            return new PipelineFiles(ValueConversions.discovered(), Placeholders.from(env::get))
                    .read("pipelines/customers.yaml", yaml);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    long count(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    void run(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        for (String database : new String[] { legacy, service }) {
            run("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static String resource(String name) {
        try (InputStream in = CustomerPair.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
