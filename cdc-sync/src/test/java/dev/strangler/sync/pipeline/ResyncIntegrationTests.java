package dev.strangler.sync.pipeline;

import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.verify.Verifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resync of one mapped table: repairs a corrupted service table while the monolith keeps writing. */
class ResyncIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final SimpleMeterRegistry meters = pair.meters();
    private final SyncPipeline pipeline = pair.inProcess(databases.pipeline());
    private final Verifier verifier = pair.closeAfter(new Verifier(databases.pipeline()));

    @Test
    void copiesACorruptedTableAgainWhileTheMonolithWrites() throws Exception {
        for (int i = 0; i < 60; i++) {
            databases.insertLegacyCustomer("R" + i, i % 2 == 0 ? "Trier" : null);
        }
        pipeline.start();
        awaitInSync();

        // Drift of every kind, written around the pipeline.
        databases.run(databases.service(), """
                UPDATE customer SET family_name = 'Corrupt' WHERE id % 7 = 0;
                DELETE FROM customer WHERE id IN (3, 4);
                INSERT INTO customer (id, given_name, family_name, email, registered_at, modified_at, revision)
                  VALUES (900001, 'Extra', 'Row', 'extra@service.example', now(), now(), 0);
                DELETE FROM customer_address WHERE customer_id = 10;
                UPDATE customer_address SET city = 'Nowhere' WHERE customer_id = 12;
                """);
        assertThat(verifier.verify(Direction.FORWARD).inSync()).isFalse();

        LegacyWorkload writes = LegacyWorkload.onLegacy(databases, 300, 21);
        Thread writer = new Thread(writes, "legacy-writer");
        writer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> writes.done() > 50);
        ResyncSummary summary = pipeline.resync("customers");
        writer.join();

        assertThat(writes.failure()).isNull();
        assertThat(summary.table()).isEqualTo("public.customers");
        assertThat(summary.rowsCopied()).isGreaterThanOrEqualTo(60);
        assertThat(summary.rowsDeleted()).isGreaterThanOrEqualTo(1); // the extra row (and rows the stream had yet to delete)
        awaitInSync();
        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows());
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer WHERE id = 900001")).isZero();
        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
        assertThat(meters.get("strangler.sync.resync.rows").tag("kind", "copied").counter().count())
                .isEqualTo(summary.rowsCopied());
    }

    @Test
    void resyncsAStoppedPipelineToo() throws Exception {
        databases.insertLegacyCustomer("Sam", "Jena");
        pipeline.start();
        awaitInSync();
        pipeline.stop();
        databases.run(databases.service(), "UPDATE customer SET given_name = 'Drifted'");

        ResyncSummary summary = pipeline.resync("public.customers");

        assertThat(summary.rowsCopied()).isEqualTo(1);
        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows());
    }

    @Test
    void refusesATableThatIsNotASourceOfTheMappingWithoutTouchingAnything() {
        assertThatThrownBy(() -> pipeline.resync("customer")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("table: 'customer' is not a source table").hasMessageContaining(
                        "public.customers");
        assertThatThrownBy(() -> pipeline.resync("customers; DROP TABLE customers"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table: ");
        assertThat(databases.count(databases.legacy(), "SELECT count(*) FROM customers")).isZero();
    }

    private void awaitInSync() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(verifier.verify(Direction.FORWARD)).isInSync());
    }
}
