package dev.strangler.sync.pipeline;

import static dev.strangler.sync.testing.PairOfDatabases.kill;
import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import dev.strangler.sync.verify.Verifier;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of the process running a pipeline, twice, while the monolith keeps writing: afterwards the service equals
 * the legacy database, and every legacy row operation was applied exactly once (counted by triggers on both sides).
 */
class CrashRecoveryIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();

    @Test
    void killNineMidStreamNeitherLosesNorRepeatsAChange() throws Exception {
        databases.countRowOperations("customers", "customer");
        Process first = startPipelineProcess();
        // The position table appears with the first heartbeat the applier stores: the empty snapshot is done.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM strangler_sync_position") == 1);

        LegacyWorkload workload = LegacyWorkload.onLegacy(databases, 1000, 42);
        Thread writer = new Thread(workload, "legacy-writer");
        writer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> databases.serviceRowOperations() > 150);
        kill(first);
        Process second = startPipelineProcess();
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.serviceRowOperations() > 450);
        kill(second);
        startPipelineProcess();

        writer.join(Duration.ofMinutes(2).toMillis());
        assertThat(workload.failure()).isNull();
        assertThat(workload.done()).isEqualTo(1000);
        Verifier verifier = pair.closeAfter(new Verifier(databases.pipeline()));
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(verifier.verify(Direction.FORWARD)).isInSync());
        assertThat(databases.rows(databases.service(), PipelineDatabases.ROW_OPERATIONS))
                .isEqualTo(databases.rows(databases.legacy(), PipelineDatabases.ROW_OPERATIONS));
    }

    /**
     * A dropped replication connection is a retriable error: Debezium restarts its task inside the running engine and
     * asks the offset store again. It must resume from what was applied by then, not from where the engine started
     * (which for a new stream is "nothing": a second snapshot, every row applied again).
     */
    @Test
    void aTaskRestartInsideTheEngineResumesFromTheAppliedPosition() throws Exception {
        databases.countRowOperations("customers", "customer");
        SyncPipeline pipeline = pair.startStreaming(pair.inProcess(databases.pipeline()));
        LegacyWorkload workload = LegacyWorkload.onLegacy(databases, 400, 43);
        Thread writer = new Thread(workload, "legacy-writer");
        writer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.serviceRowOperations() > 100);
        databases.run(databases.legacy(), "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                + "WHERE slot_name = 'strangler_customers_forward' AND active");
        writer.join(Duration.ofMinutes(2).toMillis());

        assertThat(workload.failure()).isNull();
        Verifier verifier = pair.closeAfter(new Verifier(databases.pipeline()));
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(verifier.verify(Direction.FORWARD)).isInSync());
        pipeline.drain(Duration.ofSeconds(30));
        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
        assertThat(databases.rows(databases.service(), PipelineDatabases.ROW_OPERATIONS))
                .isEqualTo(databases.rows(databases.legacy(), PipelineDatabases.ROW_OPERATIONS));
    }

    private Process startPipelineProcess() throws IOException {
        return pair.startJvm("pipeline-process", databases.placeholders("CUSTOMER"), PipelineProcess.class);
    }
}
