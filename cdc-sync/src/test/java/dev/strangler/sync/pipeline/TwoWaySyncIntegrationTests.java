package dev.strangler.sync.pipeline;

import static dev.strangler.sync.testing.PipelineDatabases.ROW_OPERATIONS;
import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.verify.Verifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both directions over the same rows: every write arrives on the other side exactly once (counted per row by triggers
 * on both sides) and nothing echoes back; and the cutover switch under load loses no write.
 */
class TwoWaySyncIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final SimpleMeterRegistry meters = pair.meters();
    private final SyncPipeline pipeline = pair.inProcess(databases.pipeline());
    private final Verifier verifier = pair.closeAfter(new Verifier(databases.pipeline()));

    @BeforeEach
    void countRowOperationsOnBothSides() {
        databases.countRowOperations("customers", "customer");
    }

    @Test
    void writesOnEitherSideArriveOnTheOtherExactlyOnceWithoutEchoes() throws Exception {
        // Both sides insert at once here, so give them disjoint id ranges, as cutover's identity fence would.
        databases.run(databases.service(), "ALTER TABLE customer ALTER COLUMN id RESTART WITH 1000000");
        // A snapshot folds earlier writes into one read per row; the counts compare streamed changes only.
        pair.startStreaming(pipeline);
        pipeline.prepareSwitch(Direction.REVERSE);
        assertThat(pipeline.isRunning(Direction.FORWARD)).isTrue();
        assertThat(pipeline.isRunning(Direction.REVERSE)).isTrue();

        LegacyWorkload legacyWrites = LegacyWorkload.onLegacy(databases, 300, 7);
        LegacyWorkload serviceWrites = LegacyWorkload.onService(databases, 300, 8);
        CompletableFuture.allOf(CompletableFuture.runAsync(legacyWrites), CompletableFuture.runAsync(serviceWrites))
                .get();
        assertThat(legacyWrites.failure()).isNull();
        assertThat(serviceWrites.failure()).isNull();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(verifier.verify(Direction.FORWARD)).isInSync());
        var settled = pipeline.status().applied();
        // Drain markers pass through both streams: whatever was in flight has been applied after this.
        pipeline.drain(Duration.ofSeconds(30));
        pipelineDrain(Direction.REVERSE);
        assertThat(pipeline.status().applied()).isEqualTo(settled);
        assertThat(databases.rows(databases.service(), ROW_OPERATIONS))
                .isEqualTo(databases.rows(databases.legacy(), ROW_OPERATIONS));
        assertThat(pipeline.status().loopGuarded()).isZero(); // PostgreSQL filtered them: origin=none
    }

    @Test
    void switchingDirectionUnderLoadLosesNoWrite() throws Exception {
        pair.startStreaming(pipeline);
        LegacyWorkload beforeCutover = LegacyWorkload.onLegacy(databases, 400, 11);
        Thread legacyWriter = new Thread(beforeCutover, "legacy-writer");
        legacyWriter.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> beforeCutover.done() > 100);
        pipeline.prepareSwitch(Direction.REVERSE); // while the monolith still writes
        legacyWriter.join(); // the proxy moves writes to the service: the monolith stops writing

        CompletableFuture<Void> switched = CompletableFuture.runAsync(() -> {
            try {
                pipeline.switchDirection(Direction.REVERSE);
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.state() != PipelineState.SWITCHING);
        LegacyWorkload afterCutover = LegacyWorkload.onService(databases, 300, 12);
        afterCutover.run(); // the service writes while the forward direction drains
        switched.get();

        assertThat(beforeCutover.failure()).isNull();
        assertThat(afterCutover.failure()).isNull();
        assertThat(pipeline.direction()).isEqualTo(Direction.REVERSE);
        assertThat(pipeline.isRunning(Direction.FORWARD)).isFalse();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(verifier.verify(Direction.REVERSE)).isInSync());
        assertThat(databases.rows(databases.legacy(), ROW_OPERATIONS))
                .isEqualTo(databases.rows(databases.service(), ROW_OPERATIONS));
    }

    private void pipelineDrain(Direction stream) throws Exception {
        pipeline.drain(stream, Duration.ofSeconds(30));
    }
}
