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
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Closing a capture whose engine is still starting its task (Debezium refuses to stop an engine then): the close
 * waits for the task to run and stops the engine, instead of leaving it polling until a timeout interrupts it; and
 * closing one whose engine has only just been handed the thread is a stop, told and logged as one.
 */
class ChangeCaptureCloseIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();

    @Test
    void aCloseAsTheEngineBeginsIsAStopNotAFailure() throws Exception {
        ChangeCapture.Spec spec = spec();
        Logger captureLog = (Logger) LoggerFactory.getLogger(ChangeCapture.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        captureLog.addAppender(logged);
        List<Optional<Throwable>> told = new ArrayList<>();
        try {
            // The work before streaming (the initial copy) returns, the engine gets the thread, and the owner closes
            // at once (a pipeline stopped right after its copy): the engine is still initialising then in some of
            // these attempts, and Debezium fails its start because it was asked to stop.
            for (int attempt = 0; attempt < 5; attempt++) {
                CountDownLatch copied = new CountDownLatch(1);
                AtomicReference<Optional<Throwable>> stopped = new AtomicReference<>();
                ChangeCapture capture = ChangeCapture.start(spec, stopping -> copied.countDown(), new ChangeDecoder(),
                        changes -> { }, failure -> stopped.set(Optional.ofNullable(failure)));
                assertThat(copied.await(60, TimeUnit.SECONDS)).isTrue();
                capture.close();
                await().atMost(Duration.ofSeconds(60)).until(() -> stopped.get() != null || !capture.isRunning());
                told.add(stopped.get() == null ? Optional.empty() : stopped.get());
            }
        }
        finally {
            captureLog.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).as("warnings and errors of five stops").isEmpty();
        assertThat(told).as("failures told to the owner").allSatisfy(failure -> assertThat(failure).isEmpty());
    }

    @Test
    void closeWhileTheEngineStartsItsTaskReturnsOnlyOnceTheEngineHasStopped() throws Exception {
        ChangeCapture.Spec spec = spec();
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

    private ChangeCapture.Spec spec() throws Exception {
        PipelineDefinition pipeline = databases.pipeline();
        DatabaseEndpoint positions = pipeline.applied(Direction.FORWARD);
        try (Connection connection = DriverManager.getConnection(positions.jdbcUrl(), positions.username(),
                positions.password())) {
            SourcePositions.createIfAbsent(connection);
        }
        return new ChangeCapture.Spec(pipeline.streamName(Direction.FORWARD), pipeline.captured(Direction.FORWARD),
                pipeline.plan(Direction.FORWARD).capturedTables(), false, Duration.ofMillis(500), Duration.ofMillis(10),
                positions, false);
    }
}
