package dev.strangler.sync.capture;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.TableName;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Debezium embedded engine capturing a set of tables from one PostgreSQL database: {@code pgoutput}, a durable
 * slot and a publication limited to those tables, snapshot then streaming, heartbeats that keep a quiet or filtered
 * slot moving, and {@code origin=none} so that writes made by an applier never come back.
 *
 * <p>Each engine batch goes to the {@link BatchHandler} on the engine's single thread; only when it returns are the
 * records marked processed. The engine resumes from {@link TargetPositionOffsetStore}, i.e. from what was applied.
 */
public final class ChangeCapture implements AutoCloseable {

    /** Receives one engine batch; returns only once the batch is durably handled (applied, or acknowledged). */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<SourceChange> changes) throws Exception;
    }

    /**
     * Receives one engine batch as Debezium's own records (the Kafka transport publishes them as they are); returns
     * only once the batch is durably handed on. Only then are the records marked processed and their offsets flushed.
     */
    @FunctionalInterface
    public interface RecordBatchHandler {
        void handle(List<SourceRecord> records) throws Exception;
    }

    /**
     * Work that runs on the capture's thread before the engine starts (the initial copy): the engine starts only when
     * it returns; when it throws, the stream stops with that failure. It should end soon after {@code stopping}
     * turns true (the capture is being closed); the engine does not start then.
     */
    @FunctionalInterface
    public interface BeforeStreaming {
        void run(java.util.function.BooleanSupplier stopping) throws Exception;
    }

    /**
     * What to capture and where the stream's position lives.
     *
     * @param stream the name of slot, publication, engine and position row; unique per pipeline and direction
     * @param snapshot whether a new stream starts with a snapshot of the tables (else only changes from now on)
     * @param positionStore the database holding the stream's position (in-process: the one the applier writes to;
     *     Kafka transport: the captured database, next to the slot)
     * @param persistOnFlush whether capture stores positions itself (Kafka transport) instead of the applier
     * @param restartBackoff how long the engine waits before it restarts its task after a retriable error (a dropped
     *     replication connection); Debezium's {@code retriable.restart.connector.wait.ms}
     */
    public record Spec(String stream, DatabaseEndpoint database, Set<TableName> tables, boolean snapshot,
            Duration heartbeat, Duration poll, DatabaseEndpoint positionStore, boolean persistOnFlush,
            Duration restartBackoff) {

        /** Debezium's own default: a database that dropped the connection gets time to come back. */
        public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(10);

        public Spec(String stream, DatabaseEndpoint database, Set<TableName> tables, boolean snapshot,
                Duration heartbeat, Duration poll, DatabaseEndpoint positionStore, boolean persistOnFlush) {
            this(stream, database, tables, snapshot, heartbeat, poll, positionStore, persistOnFlush,
                    DEFAULT_RESTART_BACKOFF);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
    private static final String HEARTBEAT_PREFIX = "strangler_heartbeat";
    /** Changes per engine batch at most (Debezium's {@code max.batch.size}; its default is 2,048). */
    static final int MAX_BATCH = 8_192;
    private static final Duration SLOT_RELEASE_WAIT = Duration.ofSeconds(15);
    /**
     * How long a close waits for a starting task to run (a start takes a second or two) before interrupting it.
     */
    private static final Duration TASK_START_WAIT = Duration.ofSeconds(30);
    private static final Duration TASK_START_POLL = Duration.ofMillis(20);
    /**
     * How often a close that waits for a starting task asks PostgreSQL whether the stream's slot was invalidated: such
     * a task never finishes starting (Debezium retries the slot for half an hour), so waiting for it is pointless.
     */
    private static final Duration LOST_SLOT_CHECK = Duration.ofSeconds(1);
    /** How long an engine stopped right as its polling began gets to end on its own before it is interrupted. */
    private static final Duration POLLING_START_GRACE = Duration.ofSeconds(3);

    private final Spec spec;
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final ExecutorService executor;
    private volatile boolean running = true;
    private volatile boolean closing;
    /** Whether the engine was handed the thread (guarded by {@code this}); false while {@link BeforeStreaming} runs. */
    private boolean engineStarted;
    private final Consumer<@Nullable Throwable> onStop;

    private ChangeCapture(Spec spec, RecordBatchHandler handler, Consumer<@Nullable Throwable> onStop) {
        this.spec = spec;
        this.onStop = onStop;
        this.engine = DebeziumEngine.create(Connect.class).using(properties(spec))
                .notifying((records, committer) -> {
                    List<SourceRecord> batch = new ArrayList<>(records.size());
                    for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
                        batch.add(event.value());
                    }
                    try {
                        handler.handle(batch);
                    }
                    catch (InterruptedException ex) {
                        throw ex;
                    }
                    catch (Exception ex) {
                        // Stops the engine; nothing of this batch was marked, so it is redelivered after a restart.
                        throw new IllegalStateException("Stream " + spec.stream() + " could not handle a batch of "
                                + records.size() + ": " + ex.getMessage(), ex);
                    }
                    for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
                        committer.markProcessed(event);
                    }
                    committer.markBatchFinished();
                })
                .using((success, message, error) -> {
                    running = false;
                    if (!success && closing) {
                        // Closed as the engine began (a pipeline stopped right after its initial copy): Debezium
                        // fails a start it was asked to stop, which is the stop its owner wanted, not an error.
                        log.info("Stream {} stopped as it began streaming ({})", spec.stream(), message);
                    }
                    else if (!success) {
                        log.error("Stream {} stopped: {}", spec.stream(), message, error);
                    }
                    // An engine its owner closed (an interrupted start fails) is not a failure of the stream: told
                    // late, it would be taken for one of the stream the owner has started since.
                    onStop.accept(success || closing ? null
                            : error != null ? error : new IllegalStateException(message));
                })
                .build();
        this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "capture-" + spec.stream()));
    }

    /**
     * Waits until a previous engine of the stream released its slot and starts the engine on its own thread. Changes
     * nothing in the captured database: {@link CapturePreflight} runs before, when a pipeline opens a stream. The
     * stream stops at every truncate.
     */
    public static ChangeCapture start(Spec spec, BatchHandler handler, Consumer<@Nullable Throwable> onStop) {
        return start(spec, null, new ChangeDecoder(), handler, onStop);
    }

    /**
     * Like {@link #start(Spec, BatchHandler, Consumer)}, running {@code first} on the capture's thread before the
     * engine starts (the initial copy, which creates the slot itself), and decoding with {@code decoder} (which
     * truncates it passes: the pipeline's knows what a table resync carried across).
     */
    public static ChangeCapture start(Spec spec, @Nullable BeforeStreaming first, ChangeDecoder decoder,
            BatchHandler handler, Consumer<@Nullable Throwable> onStop) {
        return startWithRecords(spec, first, records -> {
            List<SourceChange> changes = new ArrayList<>(records.size());
            for (SourceRecord record : records) {
                changes.add(decoder.decode(record.topic(), record.value(), record.sourceOffset()));
            }
            handler.handle(changes);
        }, onStop);
    }

    /** Like {@link #start}, handing on Debezium's records undecoded (the Kafka transport publishes them). */
    public static ChangeCapture startWithRecords(Spec spec, RecordBatchHandler handler,
            Consumer<@Nullable Throwable> onStop) {
        return startWithRecords(spec, null, handler, onStop);
    }

    private static ChangeCapture startWithRecords(Spec spec, @Nullable BeforeStreaming first,
            RecordBatchHandler handler, Consumer<@Nullable Throwable> onStop) {
        prepareSource(spec);
        ChangeCapture capture = new ChangeCapture(spec, handler, onStop);
        capture.executor.execute(() -> capture.runEngine(first));
        log.info("Capturing {} from {} as stream {}", spec.tables(), spec.database(), spec.stream());
        return capture;
    }

    private void runEngine(@Nullable BeforeStreaming first) {
        if (first != null) {
            try {
                first.run(() -> closing);
            }
            catch (Exception ex) {
                running = false;
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.error("Stream {} stopped before streaming: {}", spec.stream(), ex.getMessage(), ex);
                onStop.accept(closing ? null : ex);
                return;
            }
        }
        synchronized (this) {
            if (closing) {
                running = false;
                return;
            }
            engineStarted = true;
        }
        engine.run();
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Whether the engine runs and PostgreSQL sees its slot in use: only then does a change committed now reach this
     * stream (a started engine may still be connecting, or retrying a slot it cannot get).
     */
    public boolean isStreaming() {
        if (!running) {
            return false;
        }
        try (Connection connection = spec.database().connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, spec.stream());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
        catch (SQLException ex) {
            return false;
        }
    }

    /**
     * WAL bytes written to {@code database} since {@code applied} (a stream's lag as the captured database counts
     * it), or -1 when the database cannot be reached.
     */
    public static long walBytesSince(DatabaseEndpoint database, Lsn applied) {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT greatest(pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn), 0)::bigint")) {
            query.setString(1, applied.toString());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
        catch (SQLException ex) {
            log.debug("WAL position of {} unknown", database.jdbcUrl(), ex);
            return -1;
        }
    }

    public Spec spec() {
        return spec;
    }

    /**
     * Stops the engine and returns once it has stopped ({@code onStop} told). An engine whose task does not finish
     * starting (one that keeps retrying a slot PostgreSQL invalidated) or that hangs while stopping is interrupted.
     */
    @Override
    public void close() {
        boolean started;
        synchronized (this) {
            closing = true;
            started = engineStarted;
        }
        // Before the engine started, only the work before streaming runs; it sees the close and ends on its own.
        Stop stop = started ? stopEngine() : Stop.ASKED;
        executor.shutdown();
        try {
            if (stop == Stop.STILL_STARTING) {
                executor.shutdownNow();
            }
            else if (stop == Stop.ASKED && !executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
            else if (stop == Stop.ASKED_AS_POLLING_BEGAN
                    && !executor.awaitTermination(POLLING_START_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                // A stop that meets the start of polling can leave Debezium waiting for a polling task that never
                // runs; interrupting that wait ends the engine cleanly ("Task interrupted while polling").
                executor.shutdownNow();
                executor.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    /** How a stop was asked of the engine. */
    private enum Stop { ASKED, ASKED_AS_POLLING_BEGAN, STILL_STARTING }

    /**
     * Asks the engine to stop. Debezium refuses to stop an engine while its tasks start (stopping it then could leak
     * their connections), so such a close is retried until the task runs. Without the retry the engine went on
     * polling until the 30 s wait in {@link #close()} ran out and interrupted it: stopping a stream right after
     * starting it (a rollback right after a switch) took 30 s. A task that retries a slot PostgreSQL invalidated is
     * interrupted as soon as the slot is seen lost, not after the whole wait: stopping is the first step of the resync
     * that way out of an invalidated slot needs.
     */
    private Stop stopEngine() {
        long deadline = System.nanoTime() + TASK_START_WAIT.toNanos();
        long nextSlotCheck = System.nanoTime();
        boolean retried = false;
        while (true) {
            try {
                engine.close();
                return retried ? Stop.ASKED_AS_POLLING_BEGAN : Stop.ASKED;
            }
            catch (IllegalStateException ex) {
                if (!String.valueOf(ex.getMessage()).contains("tasks are starting") || !running) {
                    // Already stopping or stopped (a failed engine shuts itself down): nothing left to ask.
                    log.debug("Stream {} did not close cleanly", spec.stream(), ex);
                    return Stop.ASKED;
                }
                if (System.nanoTime() > deadline) {
                    log.debug("Stream {} still starts its task; interrupting it", spec.stream(), ex);
                    return Stop.STILL_STARTING;
                }
                if (System.nanoTime() - nextSlotCheck >= 0) {
                    nextSlotCheck = System.nanoTime() + LOST_SLOT_CHECK.toNanos();
                    if (slotLost()) {
                        log.debug("Stream {} retries a slot PostgreSQL invalidated; interrupting it", spec.stream());
                        return Stop.STILL_STARTING;
                    }
                }
            }
            catch (IOException | RuntimeException ex) {
                log.debug("Stream {} did not close cleanly", spec.stream(), ex);
                return Stop.ASKED;
            }
            retried = true;
            try {
                Thread.sleep(TASK_START_POLL.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return Stop.STILL_STARTING;
            }
        }
    }

    /** Whether PostgreSQL invalidated the stream's slot ({@code wal_status} lost); false when it cannot tell. */
    private boolean slotLost() {
        try (Connection connection = spec.database().connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND wal_status = 'lost'")) {
            query.setString(1, spec.stream());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
        catch (SQLException ex) {
            log.debug("Slot of stream {} unknown", spec.stream(), ex);
            return false;
        }
    }

    /** Writes a transactional logical message; it reaches the handler as a {@link SourceChange.Kind#MARKER}. */
    public static void emitMarker(DatabaseEndpoint database, String marker) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement emit = connection.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
            emit.setString(1, ChangeDecoder.MARKER_PREFIX);
            emit.setString(2, marker);
            emit.execute();
        }
    }

    /** Drops the stream's slot and publication (when the stream is retired or must start over). */
    public static void dropStream(DatabaseEndpoint database, String stream) throws SQLException {
        try (Connection connection = database.connect()) {
            waitForSlotRelease(connection, stream);
            try (PreparedStatement drop = connection.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                drop.setString(1, stream);
                drop.execute();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP PUBLICATION IF EXISTS " + stream);
            }
        }
    }

    private static void prepareSource(Spec spec) {
        // Replica identities are never changed here: CapturePreflight checks them (and changes them only when the
        // pipeline opted in) before a stream is opened.
        try (Connection connection = spec.database().connect()) {
            waitForSlotRelease(connection, spec.stream());
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not prepare " + spec.tables() + " in " + spec.database() + ": "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * A previous engine of this stream that died (kill -9) may still hold the slot for a moment; wait, then end the
     * stale walsender, so that restart does not fail with "replication slot is active".
     */
    private static void waitForSlotRelease(Connection connection, String stream) throws SQLException {
        long deadline = System.nanoTime() + SLOT_RELEASE_WAIT.toNanos();
        try (PreparedStatement active = connection.prepareStatement(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            active.setString(1, stream);
            while (true) {
                Integer pid = null;
                try (ResultSet rs = active.executeQuery()) {
                    if (rs.next()) {
                        pid = rs.getInt(1);
                    }
                }
                if (pid == null) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    log.warn("Slot {} is still held by walsender {}; ending it", stream, pid);
                    try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
                        terminate.setInt(1, pid);
                        terminate.execute();
                    }
                    deadline = System.nanoTime() + SLOT_RELEASE_WAIT.toNanos();
                }
                try {
                    Thread.sleep(100);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for slot " + stream, ex);
                }
            }
        }
    }

    static Properties properties(Spec spec) {
        URI uri = URI.create(spec.database().jdbcUrl().substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        Properties props = new Properties();
        props.setProperty("name", spec.stream());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", TargetPositionOffsetStore.class.getName());
        props.setProperty("offset.flush.interval.ms", "0");
        props.setProperty(TargetPositionOffsetStore.URL, spec.positionStore().jdbcUrl());
        props.setProperty(TargetPositionOffsetStore.USER, spec.positionStore().username());
        props.setProperty(TargetPositionOffsetStore.PASSWORD, spec.positionStore().password());
        props.setProperty(TargetPositionOffsetStore.STREAM, spec.stream());
        props.setProperty(TargetPositionOffsetStore.PERSIST_ON_FLUSH, Boolean.toString(spec.persistOnFlush()));
        props.setProperty("database.hostname", uri.getHost());
        props.setProperty("database.port", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
        props.setProperty("database.dbname", database);
        props.setProperty("database.user", spec.database().username());
        props.setProperty("database.password", spec.database().password());
        // Distinct per engine: several engines in one JVM otherwise clash on metrics names and stall.
        props.setProperty("topic.prefix", spec.stream());
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", spec.stream());
        props.setProperty("publication.name", spec.stream());
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("table.include.list", spec.tables().stream()
                .map(t -> t.schema() + "\\." + t.table()).collect(Collectors.joining(",")));
        props.setProperty("snapshot.mode", spec.snapshot() ? "initial" : "no_data");
        // Loop guard: PostgreSQL drops changes made under any replication origin, i.e. by an applier.
        props.setProperty("slot.stream.params", "origin=none");
        props.setProperty("heartbeat.interval.ms", Long.toString(spec.heartbeat().toMillis()));
        // A slot that only sees filtered traffic stops advancing unless the heartbeat writes WAL of its own. The
        // message is transactional: an engine that resumes from a stored position the slot has already confirmed
        // looks for a commit after it, and on a database where no captured table changes (the legacy side after
        // cutover) the heartbeat's own commit is the only one that comes. A non-transactional message has none, and
        // such a stream never left its search: its slot retained all the WAL written after it.
        props.setProperty("heartbeat.action.query",
                "SELECT pg_logical_emit_message(true, '" + HEARTBEAT_PREFIX + "', now()::varchar)");
        props.setProperty("message.prefix.include.list", ChangeDecoder.MARKER_PREFIX);
        props.setProperty("poll.interval.ms", Long.toString(spec.poll().toMillis()));
        // Under load a batch is as large as this (a quiet stream's is what arrived within the poll interval), and a
        // batch is one target transaction with one position write and one commit: Debezium's 2,048 cost a commit
        // (a WAL flush) per 2,048 rows. The queue holds two batches, so capture reads on while a batch is applied.
        props.setProperty("max.batch.size", Integer.toString(MAX_BATCH));
        props.setProperty("max.queue.size", Integer.toString(2 * MAX_BATCH));
        // Debezium skips truncates by default ("t"); the decoder must see them to stop instead of losing them.
        props.setProperty("skipped.operations", "none");
        props.setProperty("unavailable.value.placeholder", ChangeDecoder.UNAVAILABLE);
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("decimal.handling.mode", "precise");
        props.setProperty("slot.drop.on.stop", "false");
        props.setProperty("errors.max.retries", "3");
        props.setProperty("retriable.restart.connector.wait.ms", Long.toString(spec.restartBackoff().toMillis()));
        return props;
    }
}
