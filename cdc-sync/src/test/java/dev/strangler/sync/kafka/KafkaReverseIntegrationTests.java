package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customers pipeline after cutover (reverse: customer-service to the shared database) over a real in-process
 * Kafka broker, real PostgreSQL and real Debezium. {@code customer} and {@code customer_address} are two topics with
 * no order between them, so an address may reach the legacy side before the customer row it folds into.
 */
class KafkaReverseIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final PipelineDefinition definition = reverse(KafkaPipelines.customersOverKafka(databases, 2));
    private final SyncPipeline pipeline = pair.pipeline(definition, PairOfDatabases.FAST,
            KafkaChangeStreams.allInOne());

    @Test
    void anAddressThatArrivesBeforeItsCustomerWaitsAndLandsWhenTheCustomerArrives() throws Exception {
        // Written before the reverse stream runs (reverse takes no snapshot): the legacy side has no such row yet.
        long early;
        try (Connection service = databases.postgres().connect(databases.service())) {
            early = databases.insertServiceCustomer(service, "Early");
        }
        pipeline.start();
        long carried = startedStreaming();

        databases.run(databases.service(), "INSERT INTO customer_address (customer_id, street, city, postal_code, "
                + "country_code) VALUES (" + early + ", 'Main Street 1', 'Berlin', '10115', 'DE')");
        pipeline.drain(Duration.ofSeconds(60));
        assertThat(databases.count(databases.legacy(), "SELECT count(*) FROM customers WHERE id = " + early))
                .isZero();
        assertThat(databases.count(databases.legacy(), "SELECT count(*) FROM strangler_sync_deferred"))
                .as("address writes waiting for customer " + early).isEqualTo(1);

        databases.run(databases.service(), "UPDATE customer SET family_name = 'Late', revision = revision + 1 "
                + "WHERE id = " + early);
        pipeline.drain(Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(databases.rows(databases.legacy(),
                "SELECT id, first_name, last_name, street, city, postal_code, country FROM customers ORDER BY id"))
                .containsExactlyInAnyOrder(
                        List.of(Long.toString(carried), "Carried", "Service", "null", "null", "null", "null"),
                        List.of(Long.toString(early), "Early", "Late", "Main Street 1", "Berlin", "10115", "DE")));
        assertThat(databases.count(databases.legacy(), "SELECT count(*) FROM strangler_sync_deferred")).isZero();
    }

    /** Waits until a customer written in the service now is carried back; returns its id. */
    private long startedStreaming() throws Exception {
        // The reverse stream starts from its slot: what is committed once the slot streams is carried.
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND active") == 1);
        long carried;
        try (Connection service = databases.postgres().connect(databases.service())) {
            carried = databases.insertServiceCustomer(service, "Carried");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.legacy(),
                "SELECT count(*) FROM customers WHERE id = " + carried) == 1);
        return carried;
    }

    private static PipelineDefinition reverse(PipelineDefinition forward) {
        return new PipelineDefinition(forward.name(), forward.source(), forward.target(), forward.tables(),
                Direction.REVERSE, false, forward.transport());
    }
}
