package dev.strangler.sync.pipeline;

import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.LegacyWorkload;
import dev.strangler.sync.verify.Verifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both directions over the same rows: every write arrives on the other side exactly once (counted per row by triggers
 * on both sides) and nothing echoes back; and the cutover switch under load loses no write.
 */
class TwoWaySyncIntegrationTests {

    private static final SyncOptions FAST = new SyncOptions(Duration.ofMillis(500), Duration.ofMillis(10),
            Duration.ofSeconds(60));
    private static final String OPERATIONS = "SELECT id, operations FROM row_operations ORDER BY id";
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
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SyncPipeline pipeline = new SyncPipeline(databases.pipeline(), FAST, new InProcessStreams(), meters);
    private final Verifier verifier = new Verifier(databases.pipeline());

    @BeforeEach
    void countRowOperationsOnBothSides() {
        databases.run(databases.legacy(), COUNT_OPERATIONS.formatted("customers"));
        databases.run(databases.service(), COUNT_OPERATIONS.formatted("customer"));
    }

    @AfterEach
    void stopPipelineAndDropSlots() {
        pipeline.stop();
        databases.close();
    }

    @Test
    void writesOnEitherSideArriveOnTheOtherExactlyOnceWithoutEchoes() throws Exception {
        // Both sides insert at once here, so give them disjoint id ranges, as cutover's identity fence would.
        databases.run(databases.service(), "ALTER TABLE customer ALTER COLUMN id RESTART WITH 1000000");
        startAndAwaitStreaming();
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
        assertThat(databases.rows(databases.service(), OPERATIONS))
                .isEqualTo(databases.rows(databases.legacy(), OPERATIONS));
        assertThat(pipeline.status().loopGuarded()).isZero(); // PostgreSQL filtered them: origin=none
    }

    @Test
    void switchingDirectionUnderLoadLosesNoWrite() throws Exception {
        startAndAwaitStreaming();
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
        assertThat(databases.rows(databases.legacy(), OPERATIONS))
                .isEqualTo(databases.rows(databases.service(), OPERATIONS));
    }

    /** A snapshot folds earlier writes into one read per row; the counts compare streamed changes only. */
    private void startAndAwaitStreaming() throws Exception {
        pipeline.start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM strangler_sync_position WHERE NOT snapshot") == 1);
    }

    private void pipelineDrain(Direction stream) throws Exception {
        pipeline.drain(stream, Duration.ofSeconds(30));
    }
}
