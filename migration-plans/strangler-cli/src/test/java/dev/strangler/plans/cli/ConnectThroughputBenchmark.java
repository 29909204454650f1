package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.kafka.TestKafka;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows per second through Kafka Connect (Debezium's source, cdc-sync's sink) with 1 and 2 sink tasks on one worker,
 * next to the same pipeline in-process in the cdc-sync app, through the shipped customers mapping. Each subject first
 * streams a probe row (start-up is never timed) and a warm-up backlog of a tenth of the rows, then two measured
 * backlogs: the rows in one source transaction, then in transactions of 1,000. Each is followed by the service's row
 * count every 100 ms and reported as a steady rate (a tenth to nine tenths of the rows applied: what the apply path
 * sustains) and end to end (first insert to last row: the source's own commit, the decoding of a transaction that
 * reaches the slot only once committed, and the poll included). {@code bench/run cdc-connect} (and {@code bench/run
 * cdc}) runs it. Not part of {@code verify} (not a {@code *Tests} class; figures belong to benchmarks, not tests).
 * Run: {@code ./mvnw -B -pl migration-plans/strangler-cli -am verify -Dtest=ConnectThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false}; the figures are in
 * {@code target/surefire-reports/dev.strangler.plans.cli.ConnectThroughputBenchmark-output.txt}.
 *
 * <p>Why they are far below the main CDC benchmark's narrow-table apply: the customers mapping splits each row into
 * {@code customer} and an optional {@code customer_address} that has a foreign key to it. A write to a table on
 * either end of a foreign key can meet a missing parent, so the applier runs it one at a time under a savepoint
 * (flush, savepoint, statement, release: about three round trips) instead of in the batched run of upserts: about six
 * round trips per legacy row, where the narrow table takes a share of one. Both service tables (and the legacy one)
 * also carry the test's per-row operation-count trigger. See cdc-sync/connect-plugin's
 * README, "Throughput".
 */
class ConnectThroughputBenchmark {

    private static final int ROWS_DEFAULT = 20_000;
    private static final int ROWS = Integer.getInteger("connect.bench.rows", ROWS_DEFAULT);
    private static final TestPostgres postgres = TestPostgres.shared();

    @TempDir
    Path directory;

    @Test
    void appliesABacklogWithOneAndWithTwoSinkTasks() throws Exception {
        String cluster = "strangler-connect-bench-" + UUID.randomUUID();
        try (ConnectWorker worker = ConnectWorker.inProcess(TestKafka.shared().bootstrapServers(), cluster)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> worker.rest().answers());
            List<Backlog> inProcess = inProcess();
            report("in-process (the cdc-sync app)", inProcess, null, null);
            List<Backlog> one = null;
            for (int tasks : new int[] {1, 2}) {
                List<Backlog> backlogs = throughConnect(worker, tasks);
                report(tasks + " sink task(s)", backlogs, inProcess, one);
                one = tasks == 1 ? backlogs : one;
            }
        }
    }

    private static void report(String subject, List<Backlog> backlogs, @Nullable List<Backlog> inProcess,
            @Nullable List<Backlog> oneTask) {
        for (int i = 0; i < backlogs.size(); i++) {
            Backlog backlog = backlogs.get(i);
            String ratios = "";
            if (inProcess != null) {
                ratios = String.format(Locale.ROOT, " (steady x %.2f of in-process%s)", backlog.steadyRowsPerSecond()
                        / inProcess.get(i).steadyRowsPerSecond(), oneTask == null ? "" : String.format(Locale.ROOT,
                        ", x %.2f of 1 task", backlog.steadyRowsPerSecond() / oneTask.get(i).steadyRowsPerSecond()));
            }
            System.out.printf(Locale.ROOT, "[connect bench] %s: %s%s%n", subject, backlog, ratios);
        }
    }

    /** The same backlogs through the same mapping in the cdc-sync app (its jar, as {@code strangler up} runs it). */
    private List<Backlog> inProcess() throws Exception {
        String name = "bench_app_" + System.nanoTime() % 100_000;
        Databases databases = databases(name);
        try (SyncProcess sync = SyncProcess.start(postgres, databases.pipelines(), databases.legacy(),
                databases.service(), directory.resolve(name + "-home"), directory.resolve(name + ".log"))) {
            return backlogs(databases);
        }
    }

    /** Through the cluster: a pipeline of its own per run (its own slot, topics and databases). */
    private List<Backlog> throughConnect(ConnectWorker worker, int tasks) throws Exception {
        String name = "bench_" + tasks + "_" + System.nanoTime() % 100_000;
        Databases databases = databases(name);
        ConnectExportIntegrationTests.export(databases.pipelines(), databases.pipelines(), databases.legacy(),
                databases.service(), name, "--tasks", Integer.toString(tasks), "--partitions", "4", "--apply",
                worker.url());
        worker.rest().awaitRunning("strangler-" + name + "-forward-source",
                "strangler-" + name + "-forward-sink");
        return backlogs(databases);
    }

    /** A pipeline file of the shipped customers mapping named {@code name}, and two empty databases for it. */
    private Databases databases(String name) throws Exception {
        Path pipelines = Files.createDirectories(directory.resolve(name));
        Files.writeString(pipelines.resolve(name + ".yaml"), Files.readString(
                ConnectExportIntegrationTests.PIPELINES.resolve("customers.yaml"))
                .replace("pipeline: customers", "pipeline: " + name));
        String legacy = postgres.createDatabase("bench_shop");
        String service = postgres.createDatabase("bench_customers");
        ConnectExportIntegrationTests.run(legacy, ConnectExportIntegrationTests.OPERATION_COUNTS
                + ConnectExportIntegrationTests.LEGACY_SCHEMA);
        ConnectExportIntegrationTests.run(service, ConnectExportIntegrationTests.OPERATION_COUNTS
                + ConnectExportIntegrationTests.SERVICE_SCHEMA);
        return new Databases(pipelines, legacy, service);
    }

    private record Databases(Path pipelines, String legacy, String service) {
    }

    /**
     * Once a probe row arrived (the pipeline streams): a warm-up backlog of a tenth of the rows (not reported: the
     * JIT of the app, the worker and the sink warms on it), then the measured backlogs, {@value #ROWS_DEFAULT} rows
     * by default, first in one source transaction, then in transactions of 1,000 rows (the shape of the main CDC
     * benchmark's sustained apply).
     */
    private static List<Backlog> backlogs(Databases databases) throws Exception {
        ConnectExportIntegrationTests.run(databases.legacy(), "INSERT INTO customers (first_name, last_name, email, "
                + "created_at, updated_at, version) VALUES ('Probe', 'Legacy', 'probe@shop.example', now(), now(), 0)");
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> count(databases.service()) == 1);
        long there = 1;
        timed(databases, there, Math.max(100, ROWS / 10), 1_000);
        there += Math.max(100, ROWS / 10);
        Backlog oneTransaction = timed(databases, there, ROWS, ROWS);
        there += ROWS;
        Backlog chunked = timed(databases, there, ROWS, 1_000);
        return List.of(oneTransaction, chunked);
    }

    /**
     * Inserts {@code rows} customers (after the {@code there} already applied) in transactions of
     * {@code perTransaction}, and follows the service's row count every 100 ms until all are there.
     */
    private static Backlog timed(Databases databases, long there, int rows, int perTransaction) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = postgres.connect(databases.legacy());
                Statement statement = connection.createStatement()) {
            for (long first = there; first < there + rows; first += perTransaction) {
                long last = Math.min(there + rows, first + perTransaction) - 1;
                statement.execute("INSERT INTO customers (first_name, last_name, email, phone, created_at, "
                        + "updated_at, version) SELECT 'Ada', 'Legacy', 'ada' || i || '@shop.example', '+49 30', "
                        + "now(), now(), 0 FROM generate_series(" + first + ", " + last + ") i");
            }
        }
        long written = System.nanoTime();
        long target = there + rows;
        long first = -1;
        long tenth = -1;
        long ninetieth = -1;
        long deadline = started + Duration.ofMinutes(10).toNanos();
        try (Connection connection = postgres.connect(databases.service());
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM customer")) {
            while (true) {
                long now = System.nanoTime();
                long applied;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    applied = rs.getLong(1) - there;
                }
                if (applied > 0 && first < 0) {
                    first = now;
                }
                if (applied >= rows / 10 && tenth < 0) {
                    tenth = now;
                }
                if (applied >= rows * 9L / 10 && ninetieth < 0) {
                    ninetieth = now;
                }
                if (applied >= rows) {
                    assertThat(applied).isEqualTo(rows);
                    return new Backlog(rows, perTransaction, seconds(started, written), seconds(started, first),
                            seconds(started, now), steady(rows, tenth, ninetieth));
                }
                assertThat(now).as("%d of %d rows (of %d) within 10 minutes", applied, rows, target)
                        .isLessThan(deadline);
                // The sampling interval of the measurement, not a wait for a condition: each poll records when the
                // first row, a tenth and nine tenths of the backlog arrived, which one Awaitility condition cannot.
                Thread.sleep(100);
            }
        }
    }

    /** Rows per second from a tenth to nine tenths applied; NaN when that took under three polls (too fast to tell). */
    private static double steady(int rows, long tenth, long ninetieth) {
        double seconds = seconds(tenth, ninetieth);
        return seconds < 0.3 ? Double.NaN : rows * 0.8 / seconds;
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    /**
     * One timed backlog: how long the source took to commit it, when its first row and its last were in the service
     * (seconds from the first insert), and the steady rate between a tenth and nine tenths of it applied, which
     * leaves out the source's own write, the decoding of a transaction that only reaches the slot once committed and
     * the poll to the last row.
     */
    private record Backlog(int rows, int perTransaction, double sourceSeconds, double firstRowSeconds,
            double lastRowSeconds, double steadyRowsPerSecond) {

        @Override
        public String toString() {
            String steady = Double.isNaN(steadyRowsPerSecond) ? "steady: too fast to tell at 100 ms polls"
                    : String.format(Locale.ROOT, "steady %,.0f rows/s (10 %% → 90 %% of the rows)",
                    steadyRowsPerSecond);
            return String.format(Locale.ROOT, "%,d rows in %s: %s; "
                    + "end to end %,.0f rows/s (source commit took %.1f s, first row in the service after %.1f s, "
                    + "last after %.1f s)", rows, rows == perTransaction ? "one transaction"
                    : String.format(Locale.ROOT, "transactions of %,d", perTransaction), steady,
                    rows / lastRowSeconds, sourceSeconds, firstRowSeconds, lastRowSeconds);
        }
    }

    private static long count(String database) throws Exception {
        return Long.parseLong(ConnectExportIntegrationTests.rows(database, "SELECT count(*) FROM customer").get(0)
                .get(0));
    }
}
