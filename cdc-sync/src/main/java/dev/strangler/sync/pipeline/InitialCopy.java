package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.ExportedSnapshot;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward stream's first copy of the captured tables, done by the kit instead of Debezium's snapshot reader: the
 * slot is created with an exported snapshot ({@link ExportedSnapshot}), every table is read in that snapshot and
 * applied through the mapping and the applier in chunks of {@value #CHUNK} rows (one transaction each, upserts of
 * current state), and the last chunk stores the position Debezium then streams from: the slot's consistent point
 * ({@code snapshot.mode=no_data}). A change committed before that point is in the copy, one after it comes through
 * the slot, so none is lost or applied twice. A reader thread reads and decodes the next chunks (at most
 * {@value Reader#AHEAD} waiting) while the calling thread applies the last one; only the calling thread writes.
 *
 * <p>Chunks before the last store a position that says "copy unfinished". A stream that starts and finds it (a crash
 * or a stop mid-copy) drops the slot, whose snapshot died with its connection, and copies again: upserts of current
 * state, safe to repeat, as a restarted Debezium snapshot was. A stream that finds a streaming position resumes from
 * it and copies nothing.
 */
final class InitialCopy {

    static final int CHUNK = 5000;

    private static final Logger log = LoggerFactory.getLogger(InitialCopy.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    /** How long a stopped copy waits for its reader to see the stop before closing the reader's connection. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Stored with every chunk but the last: not a position Debezium can resume from, so a restart copies again. */
    private static final SourcePosition UNFINISHED =
            new SourcePosition("{\"strangler_initial_copy\":\"unfinished\"}", null, null, true);

    private InitialCopy() {
    }

    /** Whether a stream holding {@code stored} (none: a new stream) must copy before it streams. */
    static boolean needed(Optional<SourcePosition> stored) {
        // A snapshot position is this copy's unfinished marker or an interrupted Debezium snapshot's offset.
        return stored.isEmpty() || stored.get().snapshot();
    }

    /**
     * Copies the tables when the applier's stored position says so, reporting progress to {@code observer}; returns
     * when the last chunk and the streaming position are committed, or early (nothing stored as finished) when
     * {@code stopping} turns true.
     */
    static void runIfNeeded(String stream, Direction direction, DatabaseEndpoint source, Set<TableName> tables,
            ChangeApplier applier, MappedColumns mappedColumns, StreamObserver observer, BooleanSupplier stopping)
            throws Exception {
        if (!needed(applier.storedPosition())) {
            return;
        }
        // A slot without a streaming position belongs to an unfinished copy (or snapshot): its snapshot is gone.
        ChangeCapture.dropStream(source, stream);
        List<TableName> ordered = tables.stream().sorted(java.util.Comparator.comparing(TableName::toString)).toList();
        try (ExportedSnapshot snapshot = ExportedSnapshot.create(source, stream, tables);
                Connection read = source.connect()) {
            snapshot.importInto(read);
            // The imported transaction keeps the snapshot; the replication connection need not stay open.
            snapshot.close();
            Progress progress = new Progress(stream, direction, estimate(read, ordered), observer);
            log.info("Stream {}: initial copy of {} (about {} rows) from the snapshot at the slot's consistent point "
                    + "{}", stream, ordered, progress.estimated, lsnText(snapshot.consistentPoint()));
            Reader reader = new Reader(read, ordered);
            Thread reading = new Thread(reader, "copy-read-" + stream);
            reading.setDaemon(true);
            reading.start();
            try {
                while (true) {
                    Chunk chunk = reader.next(stopping, progress);
                    if (chunk == null || !chunk.last() && stopping.getAsBoolean()) {
                        log.info("Stream {}: initial copy stopped after {} rows; the next start copies again", stream,
                                progress.rows);
                        return;
                    }
                    if (chunk.last()) {
                        // With the last rows, in their transaction: from here on the stream resumes from the
                        // consistent point.
                        chunk.changes().add(new SourceChange(SourceChange.Kind.HEARTBEAT, null,
                                snapshot.streamingPosition(), System.currentTimeMillis(), null, null));
                    }
                    progress.applying(() -> apply(chunk.changes(), applier, mappedColumns, observer, direction));
                    progress.copied(chunk.table(), chunk.rows());
                    if (chunk.last()) {
                        // The reader has ended (or ends now): its waiting time is complete.
                        reader.stop(reading, read);
                        progress.finished(reader.waitedForRoomNanos);
                        return;
                    }
                }
            }
            finally {
                reader.stop(reading, read);
            }
        }
    }

    /** Rows of one or more tables read in the snapshot, applied in one transaction; the last carries the position. */
    private record Chunk(List<SourceChange> changes, @Nullable TableName table, int rows, boolean last) {
    }

    /**
     * Reads the tables in the imported snapshot on a thread of its own and hands over chunks through a queue of
     * {@value #AHEAD}, so that the next chunk is read and decoded while the last one is applied (two cores busy
     * instead of one at a time). Its failure is handed over too, in order, and thrown by the applying side.
     */
    private static final class Reader implements Runnable {

        /** Chunks read ahead of the applier: enough to keep both sides busy, little heap (rows, not the table). */
        static final int AHEAD = 2;
        private static final long POLL_MILLIS = 100;

        private final Connection read;
        private final List<TableName> tables;
        private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(AHEAD);
        private volatile boolean cancelled;
        /** Time the reader waited for the applier to take a chunk; complete once {@link #stop} returned. */
        volatile long waitedForRoomNanos;

        Reader(Connection read, List<TableName> tables) {
            this.read = read;
            this.tables = tables;
        }

        @Override
        public void run() {
            try {
                List<SourceChange> chunk = new ArrayList<>(CHUNK + 1);
                TableName current = null;
                for (TableName table : tables) {
                    current = table;
                    try (Statement select = read.createStatement()) {
                        select.setFetchSize(CHUNK);
                        // The table name comes from the pipeline's configuration (validated identifiers).
                        try (ResultSet rs = select.executeQuery("SELECT * FROM " + table)) {
                            ResultSetMetaData meta = rs.getMetaData();
                            int columns = meta.getColumnCount();
                            String[] names = new String[columns + 1];
                            String[] types = new String[columns + 1];
                            for (int i = 1; i <= columns; i++) {
                                names[i] = meta.getColumnName(i);
                                types[i] = meta.getColumnTypeName(i);
                            }
                            while (rs.next()) {
                                Map<String, @Nullable Object> row = new LinkedHashMap<>(columns * 2);
                                for (int i = 1; i <= columns; i++) {
                                    row.put(names[i], TableResync.value(rs, i, types[i]));
                                }
                                chunk.add(new SourceChange(SourceChange.Kind.ROW, new RowChange(table,
                                        RowChange.Kind.READ, null, row), UNFINISHED, System.currentTimeMillis(), null,
                                        null));
                                if (chunk.size() == CHUNK) {
                                    if (!hand(new Chunk(chunk, table, chunk.size(), false))) {
                                        return;
                                    }
                                    chunk = new ArrayList<>(CHUNK + 1);
                                }
                            }
                        }
                    }
                }
                read.commit();
                hand(new Chunk(chunk, current, chunk.size(), true));
            }
            catch (Throwable failure) {
                hand(failure);
            }
        }

        /** Queues a chunk or the failure; false when the applying side has gone (stopped or failed). */
        private boolean hand(Object item) {
            long began = System.nanoTime();
            try {
                while (!cancelled) {
                    if (chunks.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
                return false;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
            finally {
                waitedForRoomNanos += System.nanoTime() - began;
            }
        }

        /**
         * The next chunk, waiting for the reader; null when {@code stopping} turned true meanwhile.
         *
         * @throws Exception what the reader failed with
         */
        @Nullable Chunk next(BooleanSupplier stopping, Progress progress) throws Exception {
            long began = System.nanoTime();
            try {
                while (true) {
                    Object item = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (item instanceof Chunk chunk) {
                        return chunk;
                    }
                    if (item instanceof Exception failure) {
                        throw failure;
                    }
                    if (item instanceof Error failure) {
                        throw failure;
                    }
                    if (item instanceof Throwable failure) {
                        throw new IllegalStateException("initial copy: the reader failed", failure);
                    }
                    if (stopping.getAsBoolean()) {
                        return null;
                    }
                }
            }
            finally {
                progress.waitingNanos += System.nanoTime() - began;
            }
        }

        /**
         * Ends the reader on every way out of the copy (done, stopped, failed): it sees the flag at its next chunk,
         * and the queue is emptied so it is not left waiting for room. A reader stuck in the database longer than
         * that has its connection closed under it. The snapshot transaction ends with the connection.
         */
        void stop(Thread reading, Connection read) throws SQLException {
            cancelled = true;
            chunks.clear();
            boolean interrupted = Thread.interrupted();
            try {
                reading.join(STOP_WAIT.toMillis());
                if (reading.isAlive()) {
                    log.warn("Initial copy: the reader is still reading {} ms after the copy ended; closing its "
                            + "connection", STOP_WAIT.toMillis());
                    read.close();
                    reading.join(STOP_WAIT.toMillis());
                }
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
            finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void apply(List<SourceChange> chunk, ChangeApplier applier, MappedColumns mappedColumns,
            StreamObserver observer, Direction direction) throws SQLException {
        long started = System.nanoTime();
        mappedColumns.check(chunk);
        ApplyResult result = applier.copy(chunk);
        observer.batchApplied(direction, result, Duration.ofNanos(System.nanoTime() - started));
    }

    /** PostgreSQL's own estimate (as of the last analyze), for the ETA only; 0 when never analyzed. */
    private static long estimate(Connection read, List<TableName> tables) throws SQLException {
        long rows = 0;
        try (PreparedStatement query = read.prepareStatement(
                "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = ?::regclass")) {
            for (TableName table : tables) {
                query.setString(1, table.toString());
                try (ResultSet rs = query.executeQuery()) {
                    rows += rs.next() ? rs.getLong(1) : 0;
                }
            }
        }
        return rows;
    }

    private static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }

    @FunctionalInterface
    private interface Apply {
        void run() throws SQLException;
    }

    /** Rows, rate and ETA of a running copy: logged every few seconds and told to the pipeline after each chunk. */
    private static final class Progress {

        private final String stream;
        private final Direction direction;
        private final long estimated;
        private final StreamObserver observer;
        private final long started = System.nanoTime();
        private long rows;
        private long applyingNanos;
        /** Time the applying side waited for the reader's next chunk. */
        private long waitingNanos;
        private long lastLog = System.nanoTime();

        Progress(String stream, Direction direction, long estimated, StreamObserver observer) {
            this.stream = stream;
            this.direction = direction;
            this.estimated = estimated;
            this.observer = observer;
        }

        /** Times the apply side (mapping, upserts, commit) apart from reading, for the log's last line. */
        void applying(Apply apply) throws SQLException {
            long began = System.nanoTime();
            apply.run();
            applyingNanos += System.nanoTime() - began;
        }

        void copied(@Nullable TableName table, int count) {
            rows += count;
            CopyProgress now = snapshot(table, false);
            observer.copyProgress(direction, now);
            if (System.nanoTime() - lastLog > LOG_EVERY.toNanos()) {
                lastLog = System.nanoTime();
                log.info("Stream {}: initial copy at {}: {} of about {} rows, {} rows/s, ETA {} s", stream,
                        now.table(), now.rows(), now.estimatedRows(), Math.round(now.rowsPerSecond()),
                        now.etaSeconds());
            }
        }

        void finished(long readerWaitedNanos) {
            CopyProgress done = snapshot(null, true);
            observer.copyProgress(direction, done);
            // Reading and applying overlap: which side waited for the other says which one sets the pace.
            log.info("Stream {}: initial copy done: {} rows in {} ms ({} rows/s; applying {} ms, waiting for rows {} "
                    + "ms; the reader waited {} ms for the applier); streaming from the slot", stream, done.rows(),
                    done.elapsedMillis(), Math.round(done.rowsPerSecond()), applyingNanos / 1_000_000,
                    waitingNanos / 1_000_000, readerWaitedNanos / 1_000_000);
        }

        private CopyProgress snapshot(@Nullable TableName table, boolean done) {
            long elapsedNanos = Math.max(1, System.nanoTime() - started);
            double perSecond = rows * 1e9 / elapsedNanos;
            long eta = done ? 0 : perSecond <= 0 || estimated <= rows ? -1
                    : Math.round((estimated - rows) / perSecond);
            return new CopyProgress(table == null ? null : table.toString(), rows, estimated, perSecond, eta,
                    elapsedNanos / 1_000_000, done);
        }
    }
}
