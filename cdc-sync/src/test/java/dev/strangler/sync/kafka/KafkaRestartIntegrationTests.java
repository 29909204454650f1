package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.kafka.KafkaChangeStreams.KafkaRole;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.testsupport.kafka.TestKafka;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Capture and appliers of a Kafka pipeline in JVMs of their own, each killed once with {@code kill -9} mid-stream
 * while the monolith keeps writing: afterwards the service equals the legacy database and every legacy row operation
 * took effect exactly once in the service (counted by triggers on both sides).
 */
class KafkaRestartIntegrationTests {

    private static final String COUNT_OPERATIONS = """
            CREATE TABLE row_operations (id bigint PRIMARY KEY, operations bigint NOT NULL);
            CREATE FUNCTION count_operation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO row_operations VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, 1)
                ON CONFLICT (id) DO UPDATE SET operations = row_operations.operations + 1;
              RETURN NULL;
            END $$;
            CREATE TRIGGER count_operations AFTER INSERT OR UPDATE OR DELETE ON %s
              FOR EACH ROW EXECUTE FUNCTION count_operation();
            """;
    private static final int OPERATIONS = 500;

    private final CustomerDatabases databases = new CustomerDatabases();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void countRowOperationsOnBothSides() {
        databases.run(databases.legacy(), COUNT_OPERATIONS.formatted("customers"));
        databases.run(databases.service(), COUNT_OPERATIONS.formatted("customer"));
    }

    @AfterEach
    void killProcessesAndDropSlots() {
        processes.forEach(Process::destroyForcibly);
        processes.forEach(p -> p.onExit().join());
        databases.close();
    }

    @Test
    void anApplierAndThenTheCaptureKilledMidStreamNeitherLoseNorRepeatAChange() throws Exception {
        Process capture = start(KafkaRole.CAPTURE);
        Process applier = start(KafkaRole.APPLY);
        LegacyWorkload workload = writeWhileRunning();

        await().atMost(Duration.ofSeconds(60)).until(() -> appliedOperations() > OPERATIONS / 5);
        kill(applier); // the consumer goes without leaving its group or closing anything; writes go on
        start(KafkaRole.APPLY);
        await().atMost(Duration.ofSeconds(60)).until(() -> appliedOperations() > OPERATIONS / 2);
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
        String operations = "SELECT id, operations FROM row_operations ORDER BY id";
        assertThat(databases.rows(databases.service(), operations))
                .isEqualTo(databases.rows(databases.legacy(), operations));
    }

    private long appliedOperations() {
        return databases.count(databases.service(), "SELECT coalesce(sum(operations), 0) FROM row_operations");
    }

    private static void kill(Process process) {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close of engine, producer or consumer
        process.onExit().join();
    }

    private Process start(KafkaRole role) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var postgres = databases.postgres();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath,
                "-DSTRANGLER_SHOP_DB_URL=" + postgres.jdbcUrl(databases.legacy()),
                "-DSTRANGLER_SHOP_DB_USER=" + postgres.username(),
                "-DSTRANGLER_SHOP_DB_PASSWORD=" + postgres.password(),
                "-DSTRANGLER_CUSTOMER_DB_URL=" + postgres.jdbcUrl(databases.service()),
                "-DSTRANGLER_CUSTOMER_DB_USER=" + postgres.username(),
                "-DSTRANGLER_CUSTOMER_DB_PASSWORD=" + postgres.password(),
                "-Dkafka.bootstrap-servers=" + TestKafka.shared().bootstrapServers(),
                "-Dkafka.topic-prefix=" + KafkaPipelines.topicPrefix(databases),
                KafkaPipelineProcess.class.getName(), role.name());
        File log = Path.of("target", "kafka-" + databases.legacy() + "-" + role.name().toLowerCase() + "-"
                + processes.size() + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        processes.add(process);
        return process;
    }
}
