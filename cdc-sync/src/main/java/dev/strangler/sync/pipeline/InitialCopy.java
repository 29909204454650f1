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
 * the slot, so none is lost or applied twice.
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
            List<SourceChange> chunk = new ArrayList<>(CHUNK + 1);
            for (TableName table : ordered) {
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
                                if (stopping.getAsBoolean()) {
                                    log.info("Stream {}: initial copy stopped after {} rows; the next start copies "
                                            + "again", stream, progress.rows);
                                    return;
                                }
                                progress.applying(() -> apply(chunk, applier, mappedColumns, observer,
                                        direction));
                                progress.copied(table, chunk.size());
                                chunk.clear();
                            }
                        }
                    }
                }
            }
            read.commit();
            // With the last rows, in their transaction: from here on the stream resumes from the consistent point.
            chunk.add(new SourceChange(SourceChange.Kind.HEARTBEAT, null, snapshot.streamingPosition(),
                    System.currentTimeMillis(), null, null));
            progress.applying(() -> apply(chunk, applier, mappedColumns, observer, direction));
            progress.copied(ordered.isEmpty() ? null : ordered.get(ordered.size() - 1), chunk.size() - 1);
            progress.finished();
        }
    }

    private static void apply(List<SourceChange> chunk, ChangeApplier applier, MappedColumns mappedColumns,
            StreamObserver observer, Direction direction) throws SQLException {
        long started = System.nanoTime();
        mappedColumns.check(chunk);
        ApplyResult result = applier.apply(chunk, null);
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
    private interface Chunk {
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
        private long lastLog = System.nanoTime();

        Progress(String stream, Direction direction, long estimated, StreamObserver observer) {
            this.stream = stream;
            this.direction = direction;
            this.estimated = estimated;
            this.observer = observer;
        }

        /** Times the apply side (mapping, upserts, commit) apart from reading, for the log's last line. */
        void applying(Chunk apply) throws SQLException {
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

        void finished() {
            CopyProgress done = snapshot(null, true);
            observer.copyProgress(direction, done);
            log.info("Stream {}: initial copy done: {} rows in {} ms ({} rows/s, {} ms of it applying); streaming "
                    + "from the slot", stream, done.rows(), done.elapsedMillis(), Math.round(done.rowsPerSecond()),
                    applyingNanos / 1_000_000);
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
