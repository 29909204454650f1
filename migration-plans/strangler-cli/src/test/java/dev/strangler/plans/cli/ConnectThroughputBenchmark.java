package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.kafka.TestKafka;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows per second through Kafka Connect (Debezium's source, cdc-sync's sink) with 1 and 2 sink tasks on one worker,
 * next to the same pipeline in-process in the cdc-sync app: a backlog of inserts committed at once, timed from the
 * commit to the last row in the service. {@code bench/run cdc-connect} (and {@code bench/run cdc}) runs it. Not part of
 * {@code verify} (not a {@code *Tests} class; figures belong to benchmarks, not tests). Run:
 * {@code ./mvnw -B -pl migration-plans/strangler-cli -am verify -Dtest=ConnectThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false}; the figures are in
 * {@code target/surefire-reports/dev.strangler.plans.cli.ConnectThroughputBenchmark-output.txt}.
 */
class ConnectThroughputBenchmark {

    private static final int ROWS = Integer.getInteger("connect.bench.rows", 20_000);
    private static final TestPostgres postgres = TestPostgres.shared();

    @TempDir
    Path directory;

    @Test
    void appliesABacklogWithOneAndWithTwoSinkTasks() throws Exception {
        String cluster = "strangler-connect-bench-" + UUID.randomUUID();
        try (ConnectWorker worker = ConnectWorker.inProcess(TestKafka.shared().bootstrapServers(), cluster)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> ConnectExportIntegrationTests.answers(worker));
            double inProcess = inProcessRowsPerSecond();
            System.out.printf("[connect bench] in-process (the cdc-sync app): %,d rows in one transaction, "
                    + "%,.0f rows/s%n", ROWS, inProcess);
            double one = 0;
            for (int tasks : new int[] {1, 2}) {
                double rate = rowsPerSecond(worker, tasks);
                one = tasks == 1 ? rate : one;
                System.out.printf("[connect bench] %d sink task(s): %,d rows in one transaction, %,.0f rows/s "
                        + "(x %.2f of in-process, x %.2f of 1 task)%n", tasks, ROWS, rate, rate / inProcess,
                        rate / one);
            }
        }
    }

    /** The same backlog through the same mapping in the cdc-sync app (its jar, as {@code strangler up} runs it). */
    private double inProcessRowsPerSecond() throws Exception {
        String name = "bench_app_" + System.nanoTime() % 100_000;
        Databases databases = databases(name);
        try (SyncProcess sync = SyncProcess.start(postgres, databases.pipelines(), databases.legacy(),
                databases.service(), directory.resolve(name + "-home"), directory.resolve(name + ".log"))) {
            return backlogRowsPerSecond(databases);
        }
    }

    /** Through the cluster: a pipeline of its own per run (its own slot, topics and databases). */
    private double rowsPerSecond(ConnectWorker worker, int tasks) throws Exception {
        String name = "bench_" + tasks + "_" + System.nanoTime() % 100_000;
        Databases databases = databases(name);
        ConnectExportIntegrationTests.export(databases.pipelines(), databases.pipelines(), databases.legacy(),
                databases.service(), name, "--tasks", Integer.toString(tasks), "--partitions", "4", "--apply",
                worker.url());
        ConnectExportIntegrationTests.awaitRunning(worker, "strangler-" + name + "-forward-source",
                "strangler-" + name + "-forward-sink");
        return backlogRowsPerSecond(databases);
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

    /** Once a probe row arrived (the pipeline streams), commits the backlog and times it to its last row. */
    private static double backlogRowsPerSecond(Databases databases) throws Exception {
        ConnectExportIntegrationTests.run(databases.legacy(), "INSERT INTO customers (first_name, last_name, email, "
                + "created_at, updated_at, version) VALUES ('Probe', 'Legacy', 'probe@shop.example', now(), now(), 0)");
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> count(databases.service()) == 1);

        long committed = System.nanoTime();
        ConnectExportIntegrationTests.run(databases.legacy(), "INSERT INTO customers (first_name, last_name, email, "
                + "phone, created_at, updated_at, version) SELECT 'Ada', 'Legacy', 'ada' || i || '@shop.example', "
                + "'+49 30', now(), now(), 0 FROM generate_series(1, " + ROWS + ") i");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(databases.service()) == ROWS + 1);
        double seconds = (System.nanoTime() - committed) / 1e9;
        assertThat(count(databases.service())).isEqualTo(ROWS + 1);
        return ROWS / seconds;
    }

    private static long count(String database) throws Exception {
        return Long.parseLong(ConnectExportIntegrationTests.rows(database, "SELECT count(*) FROM customer").get(0)
                .get(0));
    }
}
