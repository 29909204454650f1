package dev.strangler.sync.kafka;

import static dev.strangler.sync.testing.PairOfDatabases.kill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.kafka.KafkaChangeStreams.KafkaRole;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import dev.strangler.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Capture and appliers of a Kafka pipeline in JVMs of their own, each killed once with {@code kill -9} mid-stream
 * while the monolith keeps writing: afterwards the service equals the legacy database and every legacy row operation
 * took effect exactly once in the service (counted by triggers on both sides).
 */
class KafkaRestartIntegrationTests {

    private static final int OPERATIONS = 500;

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();

    @BeforeEach
    void countRowOperationsOnBothSides() {
        databases.countRowOperations("customers", "customer");
    }

    @Test
    void anApplierAndThenTheCaptureKilledMidStreamNeitherLoseNorRepeatAChange() throws Exception {
        Process capture = start(KafkaRole.CAPTURE);
        Process applier = start(KafkaRole.APPLY);
        LegacyWorkload workload = writeWhileRunning();

        await().atMost(Duration.ofSeconds(60)).until(() -> databases.serviceRowOperations() > OPERATIONS / 5);
        kill(applier); // the consumer goes without leaving its group or closing anything; writes go on
        start(KafkaRole.APPLY);
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.serviceRowOperations() > OPERATIONS / 2);
        kill(capture); // acknowledged records may not have their source offsets flushed: they are published again
        start(KafkaRole.CAPTURE);

        awaitSameRowsAndOperations(workload);
    }

    /** Starts the monolith's writes once both roles run (the applier stored its first offsets: a heartbeat). */
    private LegacyWorkload writeWhileRunning() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM strangler_sync_kafka_offset") > 0);
        LegacyWorkload workload = LegacyWorkload.onLegacy(databases, OPERATIONS, 7);
        Thread writer = new Thread(workload, "legacy-writer");
        writer.start();
        return workload;
    }

    private void awaitSameRowsAndOperations(LegacyWorkload workload) {
        await().atMost(Duration.ofMinutes(1)).until(() -> workload.done() == OPERATIONS || workload.failure() != null);
        assertThat(workload.failure()).isNull();
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows()));
        assertThat(databases.rows(databases.service(), PipelineDatabases.ROW_OPERATIONS))
                .isEqualTo(databases.rows(databases.legacy(), PipelineDatabases.ROW_OPERATIONS));
    }

    private Process start(KafkaRole role) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>(databases.placeholders("CUSTOMER"));
        properties.put("kafka.bootstrap-servers", TestKafka.shared().bootstrapServers());
        properties.put("kafka.topic-prefix", KafkaPipelines.topicPrefix(databases));
        return pair.startJvm("kafka-" + databases.legacy() + "-" + role.name().toLowerCase(), properties,
                KafkaPipelineProcess.class, role.name());
    }
}
