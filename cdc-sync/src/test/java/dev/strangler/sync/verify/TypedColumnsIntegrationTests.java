package dev.strangler.sync.verify;

import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    /** The shop's products and the catalog's, whose columns' types differ. */
    @RegisterExtension
    final PairOfDatabases<PipelineDatabases> pair = PairOfDatabases.of(new PipelineDatabases("shop", "catalog",
            "CREATE TABLE products (id integer PRIMARY KEY, code char(6) NOT NULL, price numeric(12,4), "
                    + "sold_at timestamptz, note text)",
            "CREATE TABLE product (id bigint PRIMARY KEY, sku varchar(6) NOT NULL, price numeric(10,2), "
                    + "sold_at timestamptz(3), note text)") {
    });
    private final PipelineDatabases databases = pair.databases();
    private final PipelineDefinition definition = databases.pipelineOf("products.yaml", PIPELINE);
    private final SyncPipeline pipeline = pair.inProcess(definition);

    @Test
    void comparesCarriedRowsAsEqualAtThePrecisionTheRulesSet() throws Exception {
        syncProducts();
        Verifier verifier = pair.closeAfter(new Verifier(definition, VerifierOptions.defaults()
                .withRules(new CompareRules(TimestampPrecision.MILLIS, 2, Map.of()))));

        assertThat(verifier.verify(Direction.FORWARD)).isInSync();
    }

    @Test
    void reportsThePrecisionLostPerColumnWhenNoRuleAllowsIt() throws Exception {
        syncProducts();
        Verifier exact = pair.closeAfter(new Verifier(definition));

        DriftReport report = exact.verify(Direction.FORWARD);

        // char(6) 'AB' and varchar 'AB' agree; 10.1250 became 10.13 and .123456 became .123.
        assertThat(report).hasDifferingColumns(Map.of(1L, List.of("product.price", "product.sold_at")));
        org.assertj.core.api.Assertions.assertThat(report.differing().get(0).columns()).containsExactly(
                new DriftReport.ColumnDifference("product.price", "10.125", "10.13"),
                new DriftReport.ColumnDifference("product.sold_at", "2024-05-01 10:00:00.123456+00",
                        "2024-05-01 10:00:00.123+00"));
    }

    private void syncProducts() throws Exception {
        databases.run(databases.legacy(), "INSERT INTO products VALUES (1, 'AB', 10.1250, "
                + "'2024-05-01 10:00:00.123456+00', ''), (2, 'CDEFGH', 7, '2024-05-01 10:00:00+00', NULL)");
        pair.startAndDrain(pipeline);
    }
}
