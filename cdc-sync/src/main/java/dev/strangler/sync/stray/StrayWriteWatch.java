package dev.strangler.sync.stray;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.Transport;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a pipeline runs in reverse, reads the legacy tables it hands over through the <em>forward</em> slot, from
 * where forward sync stopped, and records every change it sees as a stray write. It applies nothing.
 *
 * <p>Capture runs with {@code origin=none} (see {@link ChangeCapture}), so PostgreSQL drops the reverse applier's own
 * writes (they carry its replication origin) before they reach the watch: what is left was written by someone else.
 * Each batch's stray writes and the forward stream's position are stored together, so the forward slot keeps
 * advancing (it pins no WAL) and a change is recorded once. A rollback to forward resumes from that position: the
 * stray writes the watch saw stay recorded (kept, not carried forward), and the rollback reports them.
 */
public final class StrayWriteWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StrayWriteWatch.class);

    private final String stream;
    private final StrayWrites store;
    private final DatabaseEndpoint positionStore;
    private final Map<TableName, TableMapping> mappings = new LinkedHashMap<>();
    private final Consumer<List<StrayWrite>> listener;
    private final ChangeDecoder decoder = new ChangeDecoder();
    private @Nullable SourcePosition stored;
    private @Nullable ChangeCapture capture;

    private StrayWriteWatch(PipelineDefinition definition, StrayWrites store,
            Consumer<List<StrayWrite>> listener) {
        this.stream = definition.streamName(Direction.FORWARD);
        this.store = store;
        // The forward stream keeps its position where it always does: with the rows in-process, next to the slot
        // with the Kafka transport. The watch writes it there, so that a rollback resumes after what it saw.
        this.positionStore = definition.transport().kind() == Transport.Kind.KAFKA
                ? definition.captured(Direction.FORWARD) : definition.applied(Direction.FORWARD);
        definition.tables().forEach(mapping -> mappings.put(mapping.source(), mapping));
        this.listener = listener;
    }

    /**
     * Starts watching the forward slot of {@code definition}.
     *
     * @param listener told of each batch's newly recorded stray writes, on the capture's thread
     * @param onStop told when the watch stops on its own, with the failure ({@code null}: a clean stop)
     */
    public static StrayWriteWatch start(PipelineDefinition definition, StrayWrites store, Duration heartbeat,
            Duration poll, Duration restartBackoff, Consumer<List<StrayWrite>> listener, Consumer<@Nullable Throwable> onStop)
            throws SQLException {
        StrayWriteWatch watch = new StrayWriteWatch(definition, store, listener);
        try (Connection connection = store.connect()) {
            StrayWrites.createIfAbsent(connection);
        }
        try (Connection connection = watch.positionStore.connect()) {
            SourcePositions.createIfAbsent(connection);
            watch.stored = SourcePositions.read(connection, watch.stream).orElse(null);
        }
        ChangeCapture.Spec spec = new ChangeCapture.Spec(watch.stream, definition.captured(Direction.FORWARD),
                definition.plan(Direction.FORWARD).capturedTables(), false, heartbeat, poll, watch.positionStore,
                false, restartBackoff);
        watch.capture = ChangeCapture.startWithRecords(spec, watch::handle, onStop);
        log.info("Watching {} for stray writes through slot {}", spec.tables(), watch.stream);
        return watch;
    }

    /** Whether the watch's engine runs. */
    public boolean isRunning() {
        ChangeCapture running = capture;
        return running != null && running.isRunning();
    }

    @Override
    public void close() {
        ChangeCapture running = capture;
        if (running != null) {
            running.close();
        }
    }

    private void handle(List<SourceRecord> records) throws SQLException {
        List<StrayWrites.Seen> seen = new ArrayList<>();
        SourcePosition last = null;
        SourcePosition lastRow = null;
        for (SourceRecord record : records) {
            SourceChange change = decoder.decode(record.topic(), record.value(), record.sourceOffset());
            last = change.position();
            RowChange row = change.row();
            if (change.kind() != SourceChange.Kind.ROW || row == null) {
                continue;
            }
            if (stored != null && stored.covers(change.position())) {
                continue;
            }
            lastRow = change.position();
            // PostgreSQL already drops the reverse applier's tagged writes (origin=none); this is the second guard.
            if (change.writtenByAnApplier() || row.kind() == RowChange.Kind.READ) {
                continue;
            }
            TableMapping mapping = mappings.get(row.table());
            if (mapping == null) {
                continue;
            }
            Map<String, @Nullable Object> image = row.after() != null ? row.after() : row.before();
            Map<String, @Nullable Object> key = new LinkedHashMap<>();
            for (String column : mapping.key()) {
                key.put(column, image == null ? null : image.get(column));
            }
            SourcePosition position = change.position();
            seen.add(new StrayWrites.Seen(row.table().toString(), key, row.kind().name(),
                    position.commitLsn() == null ? 0 : position.commitLsn(), position.lsn() == null ? 0 : position.lsn(),
                    position.lsnText(), txId(record), Instant.ofEpochMilli(change.sourceTimestampMillis())));
        }
        if (last == null) {
            return;
        }
        SourcePosition skipKey = lastRow != null ? lastRow : stored;
        SourcePosition next = new SourcePosition(last.offsetJson(), skipKey == null ? null : skipKey.commitLsn(),
                skipKey == null ? null : skipKey.lsn(), last.snapshot());
        List<StrayWrite> recorded = List.of();
        boolean together = positionStore.equals(store.database());
        if (!seen.isEmpty() || together) {
            try (Connection connection = store.connect()) {
                connection.setAutoCommit(false);
                recorded = store.record(connection, seen);
                if (together) {
                    SourcePositions.write(connection, stream, next);
                }
                connection.commit();
            }
        }
        if (!together) {
            // Recorded first: a crash in between records the batch again on restart, and the record is unique.
            try (Connection connection = positionStore.connect()) {
                SourcePositions.write(connection, stream, next);
            }
        }
        stored = next;
        if (!recorded.isEmpty()) {
            log.warn("Stray writes on {} (not carried to the service): {}", stream, recorded);
            listener.accept(recorded);
        }
    }

    private static long txId(SourceRecord record) {
        if (record.value() instanceof Struct value && value.schema().field("source") != null) {
            Struct source = value.getStruct("source");
            if (source != null && source.schema().field("txId") != null && source.get("txId") != null) {
                return source.getInt64("txId");
            }
        }
        return -1;
    }
}
