package dev.strangler.sync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing a capture whose engine is still starting its task (Debezium refuses to stop an engine then): the close
 * waits for the task to run and stops the engine, instead of leaving it polling until a timeout interrupts it.
 */
class ChangeCaptureCloseIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();

    @Test
    void closeWhileTheEngineStartsItsTaskReturnsOnlyOnceTheEngineHasStopped() throws Exception {
        PipelineDefinition pipeline = databases.pipeline();
        DatabaseEndpoint positions = pipeline.applied(Direction.FORWARD);
        try (Connection connection = DriverManager.getConnection(positions.jdbcUrl(), positions.username(),
                positions.password())) {
            SourcePositions.createIfAbsent(connection);
        }
        ChangeCapture.Spec spec = new ChangeCapture.Spec(pipeline.streamName(Direction.FORWARD),
                pipeline.captured(Direction.FORWARD), pipeline.plan(Direction.FORWARD).capturedTables(), false,
                Duration.ofMillis(500), Duration.ofMillis(10), positions, false);
        AtomicBoolean stopped = new AtomicBoolean();
        try (Connection open = databases.postgres().connect(databases.legacy())) {
            // A transaction that holds an id: PostgreSQL creates the stream's new slot only once it ends, so the
            // engine's task stays in its start until this test commits.
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.execute("SELECT txid_current()");
            }
            ChangeCapture capture = ChangeCapture.start(spec, changes -> { }, failure -> stopped.set(true));
            await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.legacy(),
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender' "
                            + "AND datname = current_database() AND wait_event = 'transactionid'") == 1);

            AtomicReference<Optional<Boolean>> stoppedWhenCloseReturned = new AtomicReference<>(Optional.empty());
            Thread closer = new Thread(() -> {
                capture.close();
                stoppedWhenCloseReturned.set(Optional.of(stopped.get()));
            }, "closer");
            closer.start();
            // The close has met the starting task (it waits, whatever it waits for); now let the task start.
            await().atMost(Duration.ofSeconds(60)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
            open.commit();

            await().atMost(Duration.ofSeconds(90)).until(() -> stoppedWhenCloseReturned.get().isPresent());
            assertThat(stoppedWhenCloseReturned.get()).as("whether the engine had stopped when close() returned")
                    .hasValue(true);
            assertThat(capture.isRunning()).isFalse();
        }
    }
}
