package dev.strangler.sync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The initial copy reads on a thread of its own while the stream's thread applies (InitialCopy): a stop or a failed
 * read mid-copy leaves nothing marked finished, the reader gone and the snapshot transaction closed, and the next
 * start copies every row again, once, with the chunks written set-based ({@code ChangeApplier.copy}: COPY into a
 * staging table, then one upsert). One narrow table on a real PostgreSQL, the copy driven as a stream starts it;
 * the stop and the fault come from the copy's own progress reports, so where they land does not depend on timing.
 */
class InitialCopyIntegrationTests {

    private static final String SCHEMA = "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, amount int, "
            + "written_at timestamptz NOT NULL)";
    /** Nine chunks, the last one short: stops and faults land between chunks, never after the last one. */
    private static final int ROWS = 8 * InitialCopy.CHUNK + 1_234;

    @RegisterExtension
    final PairOfDatabases<PipelineDatabases> pair = PairOfDatabases.sameSchema("items", "items_copy", SCHEMA);
    private final PipelineDatabases databases = pair.databases();
    private final PipelineDefinition pipeline = databases.oneTablePipeline("items", "items", "id",
            List.of("id", "name", "amount", "written_at"));
    private final String stream = pipeline.streamName(Direction.FORWARD);
    private final ChangeApplier applier = pair.openForwardApplier(pipeline);
    private final List<CopyProgress> reported = new CopyOnWriteArrayList<>();

    @BeforeEach
    void fillTheLegacyTable() {
        databases.run(databases.legacy(), "INSERT INTO items SELECT i, 'item' || i, i % 1000, "
                + "timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second' FROM generate_series(1, " + ROWS
                + ") i; ANALYZE items");
    }

    @Test
    void aStopMidCopyStoresNothingAsFinishedAndTheNextStartCopiesEveryRowOnce() throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        // Asked to stop once two chunks are committed: the reader is ahead by then, so its chunks are dropped.
        copy(stopping::get, progress -> stopping.compareAndSet(false, progress.rows() >= 2L * InitialCopy.CHUNK));

        assertThat(databases.count(databases.service(), "SELECT count(*) FROM items"))
                .isEqualTo(2L * InitialCopy.CHUNK);
        // The chunks went set-based (ChangeApplier.copy): its staging table lives in the applier's session.
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM pg_class WHERE relpersistence = 't' "
                + "AND relname LIKE 'strangler_copy_%'")).isPositive();
        assertThat(applier.storedPosition()).map(SourcePosition::snapshot).contains(true);
        assertThat(InitialCopy.needed(applier.storedPosition())).isTrue();
        assertThat(reported).noneMatch(CopyProgress::done);
        assertReaderGoneAndSnapshotClosed();

        // What changes before the next start is in its snapshot: rows copied before the stop updated, one added.
        databases.run(databases.legacy(), "UPDATE items SET name = 'renamed' WHERE id % 1000 = 7; "
                + "INSERT INTO items VALUES (" + (ROWS + 1) + ", 'late', 1, now())");
        reported.clear();
        copy(() -> false, progress -> { });

        assertThat(applier.storedPosition()).map(SourcePosition::snapshot).contains(false);
        assertThat(InitialCopy.needed(applier.storedPosition())).isFalse();
        long expected = ROWS + 1;
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM items")).isEqualTo(expected);
        assertThat(databases.rows(databases.service(), "SELECT md5(string_agg(id || name || coalesce(amount, -1) || "
                + "written_at, ',' ORDER BY id)) FROM items")).isEqualTo(databases.rows(databases.legacy(),
                        "SELECT md5(string_agg(id || name || coalesce(amount, -1) || written_at, ',' ORDER BY id)) "
                        + "FROM items"));
        // Every row read once in the second copy: the rows reported add up to the table, no chunk twice.
        CopyProgress last = reported.get(reported.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.rows()).isEqualTo(expected);
        assertReaderGoneAndSnapshotClosed();
    }

    @Test
    void aReadThatFailsMidCopyFailsTheCopyAndStoresNothingAsFinished() throws Exception {
        AtomicBoolean cut = new AtomicBoolean();
        // After the first chunk the reader is at most three chunks further, far from the end: cut its connection.
        assertThatThrownBy(() -> copy(() -> false, progress -> {
            if (cut.compareAndSet(false, true)) {
                databases.run(databases.legacy(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        + "AND query LIKE 'SELECT * FROM %items'");
            }
        })).isInstanceOf(SQLException.class);

        assertThat(cut).isTrue();
        assertThat(applier.storedPosition()).map(SourcePosition::snapshot).contains(true);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM items")).isLessThan(ROWS);
        assertThat(reported).noneMatch(CopyProgress::done);
        assertReaderGoneAndSnapshotClosed();

        copy(() -> false, progress -> { });
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM items")).isEqualTo(ROWS);
        assertThat(applier.storedPosition()).map(SourcePosition::snapshot).contains(false);
    }

    private void copy(java.util.function.BooleanSupplier stopping, Consumer<CopyProgress> onProgress)
            throws Exception {
        InitialCopy.runIfNeeded(stream, Direction.FORWARD, pipeline.captured(Direction.FORWARD),
                pipeline.plan(Direction.FORWARD).capturedTables(), applier,
                new MappedColumns(pipeline, Direction.FORWARD), new StreamObserver() {

                    @Override
                    public void batchApplied(Direction direction, ApplyResult result, Duration took) {
                    }

                    @Override
                    public void failed(Direction direction, Throwable failure) {
                    }

                    @Override
                    public void copyProgress(Direction direction, CopyProgress progress) {
                        reported.add(progress);
                        onProgress.accept(progress);
                    }
                }, stopping);
    }

    private void assertReaderGoneAndSnapshotClosed() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("copy-read-" + stream));
        // The backend of the snapshot's transaction ends with its connection (asynchronously, on the server).
        await().atMost(Duration.ofSeconds(20)).until(() -> databases.count(databases.legacy(),
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'") == 0);
    }
}
