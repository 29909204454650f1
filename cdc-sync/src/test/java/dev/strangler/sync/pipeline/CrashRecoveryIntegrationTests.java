package dev.strangler.sync.pipeline;

import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.sync.verify.Verifier;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the process running a pipeline, twice, while the monolith keeps writing: afterwards the service equals
 * the legacy database, and every legacy row operation was applied exactly once (counted by triggers on both sides).
 */
class CrashRecoveryIntegrationTests {

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

    private final CustomerDatabases databases = new CustomerDatabases();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killProcessesAndDropSlots() {
        processes.forEach(Process::destroyForcibly);
        processes.forEach(p -> p.onExit().join());
        databases.close();
    }

    @Test
    void killNineMidStreamNeitherLosesNorRepeatsAChange() throws Exception {
        databases.run(databases.legacy(), COUNT_OPERATIONS.formatted("customers"));
        databases.run(databases.service(), COUNT_OPERATIONS.formatted("customer"));
        Process first = startPipelineProcess();
        // The position table appears with the first heartbeat the applier stores: the empty snapshot is done.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM strangler_sync_position") == 1);

        LegacyWorkload workload = LegacyWorkload.onLegacy(databases, 1000, 42);
        Thread writer = new Thread(workload, "legacy-writer");
        writer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> appliedOperations() > 150);
        kill(first);
        Process second = startPipelineProcess();
        await().atMost(Duration.ofSeconds(60)).until(() -> appliedOperations() > 450);
        kill(second);
        startPipelineProcess();

        writer.join(Duration.ofMinutes(2).toMillis());
        assertThat(workload.failure()).isNull();
        assertThat(workload.done()).isEqualTo(1000);
        Verifier verifier = new Verifier(databases.pipeline());
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(verifier.verify(Direction.FORWARD)).isInSync());
        String operations = "SELECT id, operations FROM row_operations ORDER BY id";
        assertThat(databases.rows(databases.service(), operations))
                .isEqualTo(databases.rows(databases.legacy(), operations));
    }

    /**
     * A dropped replication connection is a retriable error: Debezium restarts its task inside the running engine and
     * asks the offset store again. It must resume from what was applied by then, not from where the engine started
     * (which for a new stream is "nothing": a second snapshot, every row applied again).
     */
    @Test
    void aTaskRestartInsideTheEngineResumesFromTheAppliedPosition() throws Exception {
        databases.run(databases.legacy(), COUNT_OPERATIONS.formatted("customers"));
        databases.run(databases.service(), COUNT_OPERATIONS.formatted("customer"));
        SyncPipeline pipeline = new SyncPipeline(databases.pipeline(), new SyncOptions(Duration.ofMillis(500),
                Duration.ofMillis(10), Duration.ofSeconds(60)), new InProcessStreams(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        try {
            pipeline.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> databases.count(
                    databases.service(), "SELECT count(*) FROM strangler_sync_position WHERE NOT snapshot") == 1);
            LegacyWorkload workload = LegacyWorkload.onLegacy(databases, 400, 43);
            Thread writer = new Thread(workload, "legacy-writer");
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> appliedOperations() > 100);
            databases.run(databases.legacy(), "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE slot_name = 'strangler_customers_forward' AND active");
            writer.join(Duration.ofMinutes(2).toMillis());

            assertThat(workload.failure()).isNull();
            Verifier verifier = new Verifier(databases.pipeline());
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(verifier.verify(Direction.FORWARD)).isInSync());
            pipeline.drain(Duration.ofSeconds(30));
            assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
            String operations = "SELECT id, operations FROM row_operations ORDER BY id";
            assertThat(databases.rows(databases.service(), operations))
                    .isEqualTo(databases.rows(databases.legacy(), operations));
        }
        finally {
            pipeline.stop();
        }
    }

    private long appliedOperations() {
        return databases.count(databases.service(), "SELECT coalesce(sum(operations), 0) FROM row_operations");
    }

    private static void kill(Process process) {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful engine stop
        process.onExit().join();
    }

    private Process startPipelineProcess() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var postgres = databases.postgres();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath,
                "-DSTRANGLER_SHOP_DB_URL=" + postgres.jdbcUrl(databases.legacy()),
                "-DSTRANGLER_SHOP_DB_USER=" + postgres.username(),
                "-DSTRANGLER_SHOP_DB_PASSWORD=" + postgres.password(),
                "-DSTRANGLER_CUSTOMER_DB_URL=" + postgres.jdbcUrl(databases.service()),
                "-DSTRANGLER_CUSTOMER_DB_USER=" + postgres.username(),
                "-DSTRANGLER_CUSTOMER_DB_PASSWORD=" + postgres.password(), PipelineProcess.class.getName());
        File log = Path.of("target", "pipeline-process-" + processes.size() + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        processes.add(process);
        return process;
    }
}
