package dev.strangler.sync.verify;

import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.SyncOptions;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.testsupport.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Columns whose types differ between the sides, carried by a real pipeline: char vs varchar, a numeric with fewer
 * decimals, a timestamp with fewer fractional digits. Equal data compares equal once the rules say which precision
 * counts, and the lost precision is reported per column when they do not.
 */
class TypedColumnsIntegrationTests {

    private static final String PIPELINE = """
            pipeline: products
            source: { jdbc-url: "%s", username: "%s", password: "%s" }
            target: { jdbc-url: "%s", username: "%s", password: "%s" }
            tables:
              - source: products
                key: [id]
                targets:
                  - table: product
                    key: [id]
                    columns:
                      id: id
                      sku: code
                      price: price
                      sold_at: sold_at
                      note: note
            """;

    private final TestPostgres postgres = TestPostgres.shared();
    private final String shop = postgres.createDatabase("shop");
    private final String catalog = postgres.createDatabase("catalog");
    private final PipelineDefinition definition;
    private final SyncPipeline pipeline;

    TypedColumnsIntegrationTests() {
        run(shop, "CREATE TABLE products (id integer PRIMARY KEY, code char(6) NOT NULL, price numeric(12,4), "
                + "sold_at timestamptz, note text)");
        run(catalog, "CREATE TABLE product (id bigint PRIMARY KEY, sku varchar(6) NOT NULL, price numeric(10,2), "
                + "sold_at timestamptz(3), note text)");
        String yaml = PIPELINE.formatted(postgres.jdbcUrl(shop), postgres.username(), postgres.password(),
                postgres.jdbcUrl(catalog), postgres.username(), postgres.password());
        definition = new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.<String, String>of()::get))
                .read("products.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        pipeline = new SyncPipeline(definition, new SyncOptions(Duration.ofMillis(500), Duration.ofMillis(10),
                Duration.ofSeconds(60)), new InProcessStreams(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stopPipelineAndDropSlots() {
        pipeline.stop();
        // Slots hold WAL and count against max_replication_slots of the shared test server.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            run(shop, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE database = current_database() AND active");
            run(shop, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE database = current_database()");
        });
    }

    @Test
    void comparesCarriedRowsAsEqualAtThePrecisionTheRulesSet() throws Exception {
        syncProducts();
        Verifier verifier = new Verifier(definition, VerifierOptions.defaults()
                .withRules(new CompareRules(TimestampPrecision.MILLIS, 2, Map.of())));

        assertThat(verifier.verify(Direction.FORWARD)).isInSync();
    }

    @Test
    void reportsThePrecisionLostPerColumnWhenNoRuleAllowsIt() throws Exception {
        syncProducts();
        Verifier exact = new Verifier(definition);

        DriftReport report = exact.verify(Direction.FORWARD);

        // char(6) 'AB' and varchar 'AB' agree; 10.1250 became 10.13 and .123456 became .123.
        assertThat(report).hasDifferingColumns(Map.of(1L, List.of("product.price", "product.sold_at")));
        org.assertj.core.api.Assertions.assertThat(report.differing().get(0).columns()).containsExactly(
                new DriftReport.ColumnDifference("product.price", "10.125", "10.13"),
                new DriftReport.ColumnDifference("product.sold_at", "2024-05-01 10:00:00.123456+00",
                        "2024-05-01 10:00:00.123+00"));
    }

    private void syncProducts() throws Exception {
        run(shop, "INSERT INTO products VALUES (1, 'AB', 10.1250, '2024-05-01 10:00:00.123456+00', ''), "
                + "(2, 'CDEFGH', 7, '2024-05-01 10:00:00+00', NULL)");
        pipeline.start();
        // A drain marker only travels once the slot streams: the first stored streaming position shows that.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Connection connection = postgres.connect(catalog); Statement statement = connection.createStatement();
                    java.sql.ResultSet rs = statement.executeQuery(
                            "SELECT count(*) FROM strangler_sync_position WHERE NOT snapshot")) {
                return rs.next() && rs.getLong(1) == 1;
            }
        });
        pipeline.drain(Duration.ofSeconds(60));
    }

    private void run(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
