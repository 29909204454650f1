package dev.strangler.bench.cdc;

import static dev.strangler.bench.BenchSettings.progress;

import dev.strangler.bench.BenchSettings;
import dev.strangler.bench.report.Row;
import dev.strangler.bench.report.Section;
import dev.strangler.bench.report.Spread;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Snapshot speed, sustained apply rate and commit-to-visible lag of cdc-sync (in-process and over Kafka), each
 * next to Debezium draining to a no-op consumer, Debezium's JDBC sink connector (streaming) and PostgreSQL's
 * logical replication between the same kind of databases on the same server, in the same run.
 */
public final class CdcBenchmark {

    private static final String KIT = "kit";
    private static final String KAFKA = "kafka";
    private static final String NOOP = "noop";
    private static final String PG = "pg";
    private static final String JDBC = "jdbc";
    private static final int ROWS_PER_TRANSACTION = 1_000;
    private static final List<Integer> LAG_RATES = List.of(1_000, 5_000);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private final BenchSettings settings;
    private final NarrowTable table;
    private final Map<String, List<Double>> figures = new HashMap<>();
    private final List<String> snapshotConditions = new ArrayList<>();
    private final boolean settled = Boolean.parseBoolean(System.getProperty("bench.snapshot.settle", "true"));
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000, 36);

    private final boolean snapshots;
    private final boolean streams;

    /** Every CDC figure: snapshot, sustained apply and lag. */
    public CdcBenchmark(BenchSettings settings) {
        this(settings, true, true);
    }

    /**
     * Some of the CDC figures, to measure one change quicker: {@code bench/run cdc-snapshot} or {@code cdc-apply}.
     *
     * @param snapshots the snapshot figures
     * @param streams the sustained apply and lag figures
     */
    public CdcBenchmark(BenchSettings settings, boolean snapshots, boolean streams) {
        this.settings = settings;
        this.snapshots = snapshots;
        this.streams = streams;
        this.table = new NarrowTable(TestPostgres.shared());
    }

    public Section run() throws Exception {
        if (snapshots) {
            snapshot();
        }
        if (streams) {
            streaming();
        }
        return section();
    }

    /**
     * Rounds of: a fresh subject snapshots the same large table, for each subject back to back, the order rotated
     * every round. Every subject meets the same table state: frozen and analyzed after the load, a checkpoint and
     * no autovacuum worker before each subject ({@link SnapshotConditions}), and each subject's code warmed up
     * on a small table first. {@code -Dbench.snapshot.settle=false} (for comparison only) keeps the old
     * preparation: {@code VACUUM ANALYZE} after the load, nothing between subjects, no warm-up, no rotation.
     */
    private void snapshot() throws Exception {
        int rows = settings.snapshotRows();
        boolean settle = settled;
        List<String> order = new ArrayList<>(List.of(NOOP, KIT, PG));
        if (settle) {
            int warmUpRows = Math.min(20_000, rows / 4);
            String warm = table.createSource("bwarm");
            table.insert(warm, 1, warmUpRows, 50_000);
            SnapshotConditions.settle(table, warm);
            for (String kind : order) {
                progress("cdc: snapshot warm-up of %s (%,d rows, not timed)", kind, warmUpRows);
                try (CdcSubject subject = startSnapshot(kind, warm, warmUpRows)) {
                    subject.awaitArrived(1, warmUpRows, TIMEOUT);
                }
            }
            table.drop(warm);
        }
        String source = table.createSource("bsnap");
        progress("cdc: loading %,d rows to snapshot", rows);
        table.insert(source, 1, rows, 50_000);
        if (settle) {
            SnapshotConditions.settle(table, source);
        }
        else {
            table.execute(source, "VACUUM ANALYZE " + NarrowTable.NAME);
        }
        int rounds = settings.snapshotRounds();
        for (int round = 1; round <= rounds; round++) {
            for (String kind : order) {
                if (settle) {
                    SnapshotConditions.quiesce(table, source);
                }
                progress("cdc: snapshot round %d of %d: %s", round, rounds, kind);
                SnapshotConditions.Watch watch = SnapshotConditions.watch(table, source);
                long started = NoOpDrain.nowMicros();
                try (CdcSubject subject = startSnapshot(kind, source, rows)) {
                    record("snapshot." + kind, rows, subject.awaitArrived(1, rows, TIMEOUT) - started);
                    String conditions = watch.stop();
                    progress("cdc:   while %s copied: %s", kind, conditions);
                    conditions(round, kind, conditions);
                }
            }
            if (settle) {
                // The next round starts with another subject, so none is always first (or always after the same).
                order.add(order.remove(0));
            }
        }
        table.drop(source);
    }

    private CdcSubject startSnapshot(String kind, String source, int rows) throws Exception {
        return switch (kind) {
            case NOOP -> NoOpDrain.start(table.postgres(), stream(NOOP), source, true, rows);
            case KIT -> KitPipeline.start(table, stream(KIT), source, false);
            case PG -> LogicalReplication.start(table, stream(PG), source, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private void conditions(int round, String kind, String conditions) {
        List<Double> rates = figures.get("snapshot." + kind);
        snapshotConditions.add(String.format(Locale.ROOT, "round %d, %s, %,.0f rows/s: %s", round, switch (kind) {
            case NOOP -> "no-op drain";
            case KIT -> "cdc-sync";
            default -> "logical replication";
        }, rates.get(rates.size() - 1), conditions));
    }

    private void streaming() throws Exception {
        // Each streaming subject first applies half a round's rows, written as a round writes them: 5,000 rows in
        // transactions of 100 left the in-process pipeline's first round cold (7,070 rows/s against a median of
        // 13,283 in the idle run of 2026-12-07 05:19).
        int warmUpRows = settings.sustainedRows() / 2;
        int maxId = warmUpRows + settings.rounds() * (settings.sustainedRows()
                + LAG_RATES.stream().mapToInt(rate -> (int) (rate * settings.lagRun().toMillis() / 1000) + 200).sum());
        Map<String, CdcSubject> subjects = new LinkedHashMap<>();
        try {
            progress("cdc: starting the streaming subjects (cdc-sync in-process and over Kafka, no-op drain, "
                    + "Debezium's JDBC sink, logical replication)");
            subjects.put(KIT, KitPipeline.start(table, stream(KIT), table.createSource("bsrc"), false));
            subjects.put(KAFKA, KitPipeline.start(table, stream(KAFKA), table.createSource("bsrc"), true));
            subjects.put(NOOP, NoOpDrain.start(table.postgres(), stream(NOOP), table.createSource("bsrc"), true,
                    maxId));
            subjects.put(JDBC, JdbcSinkPeer.start(table, stream(JDBC), table.createSource("bsrc")));
            subjects.put(PG, LogicalReplication.start(table, stream(PG), table.createSource("bsrc"), true));
            for (CdcSubject subject : subjects.values()) {
                progress("cdc: warm-up of %s (%,d rows)", subject.name(), warmUpRows);
                table.insert(subject.source(), 1, warmUpRows, ROWS_PER_TRANSACTION);
                subject.awaitArrived(1, warmUpRows, TIMEOUT);
            }
            long next = warmUpRows + 1;
            int rows = settings.sustainedRows();
            // Subjects share one server and one machine: the order turns every round so that none is always the one
            // that runs right after the others' writes (checkpoints, autovacuum, the page cache).
            List<Map.Entry<String, CdcSubject>> order = new ArrayList<>(subjects.entrySet());
            for (int round = 1; round <= settings.rounds(); round++) {
                if (round > 1) {
                    Collections.rotate(order, -1);
                }
                for (Map.Entry<String, CdcSubject> subject : order) {
                    progress("cdc: round %d of %d: sustained apply of %,d rows by %s", round, settings.rounds(), rows,
                            subject.getValue().name());
                    long started = NoOpDrain.nowMicros();
                    table.insert(subject.getValue().source(), next, next + rows - 1, ROWS_PER_TRANSACTION);
                    long loaded = NoOpDrain.nowMicros();
                    long arrived = subject.getValue().awaitArrived(next, next + rows - 1, TIMEOUT);
                    record("sustained." + subject.getKey(), rows, arrived - started);
                    figures.computeIfAbsent("load." + subject.getKey(), k -> new ArrayList<>())
                            .add((loaded - started) / 1e6);
                }
                next += rows;
                for (int rate : LAG_RATES) {
                    long written = 0;
                    for (Map.Entry<String, CdcSubject> subject : order) {
                        progress("cdc: round %d of %d: lag at %,d writes/s, %s", round, settings.rounds(), rate,
                                subject.getValue().name());
                        written = writeAtRate(subject.getValue().source(), next, rate, settings.lagRun());
                        subject.getValue().awaitArrived(next, next + written - 1, TIMEOUT);
                        Histogram lags = new Histogram(3);
                        subject.getValue().lagsMicros(next, next + written - 1)
                                .forEach(lag -> lags.recordValue(Math.max(0, lag)));
                        String key = "lag" + rate + "." + subject.getKey();
                        add(key + ".p50", lags.getValueAtPercentile(50) / 1000.0);
                        add(key + ".p99", lags.getValueAtPercentile(99) / 1000.0);
                        add(key + ".max", lags.getMaxValue() / 1000.0);
                        progress("cdc:   %s: %,d rows, lag p50 %.1f ms, p99 %.1f ms, max %.1f ms", key, written,
                                lags.getValueAtPercentile(50) / 1000.0, lags.getValueAtPercentile(99) / 1000.0,
                                lags.getMaxValue() / 1000.0);
                    }
                    next += written;
                }
            }
        }
        finally {
            for (CdcSubject subject : subjects.values()) {
                try {
                    subject.close();
                }
                catch (RuntimeException ex) {
                    progress("cdc: could not clean up after %s: %s", subject.name(), ex.getMessage());
                }
            }
        }
    }

    /**
     * Writes {@code rate} rows per second for {@code duration} on a fixed schedule: every 10 ms one transaction of
     * {@code rate / 100} rows. Returns how many rows it wrote (ids from {@code first}).
     */
    private static long writeAtRate(String source, long first, int rate, Duration duration) throws Exception {
        int perTick = Math.max(1, rate / 100);
        long ticks = duration.toMillis() / 10;
        try (Connection connection = TestPostgres.shared().connect(source);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_item (id, name, amount) "
                        + "SELECT g, 'item ' || g, (g % 1000)::int FROM generate_series(?::bigint, ?::bigint) g")) {
            long start = System.nanoTime();
            for (long tick = 0; tick < ticks; tick++) {
                long due = start + tick * 10_000_000L;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long from = first + tick * perTick;
                insert.setLong(1, from);
                insert.setLong(2, from + perTick - 1);
                insert.executeUpdate();
            }
        }
        return ticks * perTick;
    }

    private String stream(String kind) {
        return "bench_" + runId + "_" + kind + STREAMS.incrementAndGet();
    }

    private void record(String figure, long rows, long micros) {
        add(figure, rows / (micros / 1e6));
        progress("cdc:   %s: %,d rows in %.2f s = %,.0f rows/s", figure, rows, micros / 1e6, rows / (micros / 1e6));
    }

    private void add(String figure, double value) {
        figures.computeIfAbsent(figure, k -> new ArrayList<>()).add(value);
    }

    private Spread spread(String figure) {
        return new Spread(Objects.requireNonNull(figures.get(figure), figure));
    }

    private Section section() {
        Section section = new Section("CDC sync", String.format(Locale.ROOT, "Narrow rows (bigint key, short text, "
                + "int, timestamptz) on the embedded PostgreSQL 17 (fsync on), every subject capturing its own "
                + "database of the same server; cdc-sync's target, Debezium's JDBC sink's target and logical "
                + "replication's subscriber are databases of that server too. Snapshot of %,d rows (%d rounds); sustained apply of %,d rows written in "
                + "transactions of %,d as fast as one session can; lag runs of %d s at a fixed rate in transactions "
                + "every 10 ms; %d rounds.", settings.snapshotRows(), settings.snapshotRounds(), settings.sustainedRows(),
                ROWS_PER_TRANSACTION, settings.lagRun().toSeconds(), settings.rounds()));
        if (snapshots) {
            Spread snapNoop = spread("snapshot." + NOOP);
            Spread snapKit = spread("snapshot." + KIT);
            Spread snapPg = spread("snapshot." + PG);
            section.add(Row.of("snapshot rows/s: cdc-sync", "no-op drain: " + snapNoop.format(0), snapKit.format(0),
                    "× " + snapKit.ratioTo(snapNoop).format(2)).against("≥ 60,000 rows/s",
                    snapKit.median() >= 60_000));
            section.add(Row.of("snapshot rows/s: cdc-sync", "logical replication: " + snapPg.format(0),
                    snapKit.format(0), "× " + snapKit.ratioTo(snapPg).format(2)));
            section.note((settled ? "Snapshot: every subject meets the same table (frozen and analyzed after the "
                    + "load; a checkpoint and no autovacuum worker before each subject; each subject warmed up on a "
                    + "small table first; the order rotated every round)."
                    : "Snapshot prepared the old way (-Dbench.snapshot.settle=false: VACUUM ANALYZE after the load "
                    + "only, no warm-up, fixed order).") + " What the server and the machine did while each "
                    + "subject copied: " + String.join(" | ", snapshotConditions));
        }
        if (!streams) {
            return section;
        }
        Spread noop = spread("sustained." + NOOP);
        Spread pg = spread("sustained." + PG);
        Spread jdbc = spread("sustained." + JDBC);
        for (String kind : List.of(KIT, KAFKA)) {
            String name = kind.equals(KIT) ? "cdc-sync in-process" : "cdc-sync over Kafka";
            Spread kit = spread("sustained." + kind);
            Row againstNoop = Row.of("sustained apply rows/s: " + name, "no-op drain: " + noop.format(0),
                    kit.format(0), "× " + kit.ratioTo(noop).format(2));
            section.add(kind.equals(KIT) ? againstNoop.against("≥ 15,000 rows/s and ≥ × 0.9",
                    kit.median() >= 15_000 && kit.ratioTo(noop).median() >= 0.9)
                    : againstNoop.against("≥ 10,000 rows/s", kit.median() >= 10_000));
            Row againstJdbc = Row.of("sustained apply rows/s: " + name, "Debezium JDBC sink: " + jdbc.format(0),
                    kit.format(0), "× " + kit.ratioTo(jdbc).format(2));
            section.add(kind.equals(KIT) ? againstJdbc.against("ahead (× > 1)", kit.ratioTo(jdbc).median() > 1)
                    : againstJdbc);
            section.add(Row.of("sustained apply rows/s: " + name, "logical replication: " + pg.format(0),
                    kit.format(0), "× " + kit.ratioTo(pg).format(2)));
        }
        section.add(Row.of("writer's own load time for the sustained rows, s", "", spread("load." + KIT).format(2),
                ""));
        for (int rate : LAG_RATES) {
            String pgLag = lag(rate, PG);
            for (String kind : List.of(KIT, KAFKA, JDBC, NOOP)) {
                String name = switch (kind) {
                    case KIT -> "cdc-sync in-process";
                    case KAFKA -> "cdc-sync over Kafka";
                    case JDBC -> "Debezium JDBC sink";
                    default -> "no-op drain";
                };
                Spread p99 = spread("lag" + rate + "." + kind + ".p99");
                Row row = Row.of(String.format(Locale.ROOT, "commit-to-visible lag at %,d writes/s, ms p50 / p99 / "
                        + "max: %s", rate, name), "logical replication: " + pgLag, lag(rate, kind),
                        "p99 +" + p99.minus(spread("lag" + rate + "." + PG + ".p99")).format(0) + " ms");
                if (rate == 5_000 && kind.equals(KIT)) {
                    row = row.against("p99 ≤ 250 ms", p99.median() <= 250);
                }
                else if (rate == 5_000 && kind.equals(KAFKA)) {
                    row = row.against("p99 ≤ 500 ms", p99.median() <= 500);
                }
                section.add(row);
            }
        }
        section.note("Lag is `applied_at − written_at` of every row, both set by PostgreSQL's clock (the no-op "
                + "drain: arrival in the consumer − `written_at`); a row's `written_at` is taken as it is inserted, "
                + "a few hundred microseconds before its transaction commits.");
        section.note("Snapshot and sustained rates run from the start of the subject (snapshot) or of the load "
                + "(sustained) to the moment the last row became visible, i.e. rows ÷ (load time + catch-up time).");
        section.note("Where the apply targets not met stand: in-process, the kit's apply costs its target backend "
                + "about twice the CPU of PostgreSQL's own apply worker, and the other subjects' slots decode the "
                + "same WAL on the same two cores, so × 0.9 of a drain that writes nothing is out of reach here "
                + "(bench/reports/2026-12-06-cdc-apply-profile.md; flame graphs of the JVM and of the whole machine: "
                + "bench/reports/flame-graphs-2026-12-07T2315Z/). Over Kafka, a change record carries the payload "
                + "only and its schema's fingerprint; the Connect schema travels once per schema version on the "
                + "pipeline's compacted schema topic (cdc-sync README, Kafka transport). Before, every record carried "
                + "it (about 3.4 KB for a row of about 100 bytes), and writing and parsing it was most of the capture "
                + "and applier threads' CPU (bench/reports/2026-12-06-cdc-kafka-apply-profile-loaded.md, loaded "
                + "machine).");
        return section;
    }

    private String lag(int rate, String kind) {
        String key = "lag" + rate + "." + kind;
        return spread(key + ".p50").format(0) + " / " + spread(key + ".p99").format(0) + " / "
                + spread(key + ".max").format(0);
    }
}
