package dev.strangler.bench.verifier;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.verify.DriftReport;
import dev.strangler.sync.verify.Verifier;
import dev.strangler.sync.verify.VerifierOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Rows verified per second on a large in-sync customers table, next to a naive fetch-everything-and-compare and to
 * {@code count(*)} on both sides, all in one run on the same data, through cdc-sync's public verifier API only.
 * {@code bench/run verifier} calls {@link #measure} and puts the figures into the benchmark report. Alone, after
 * {@code bench/run} built the harness:
 *
 * <pre>
 * java -Dstrangler.test.postgres=embedded -cp bench/target/strangler-bench.jar \
 *     -Dloader.main=dev.strangler.bench.verifier.VerifierBenchmark org.springframework.boot.loader.launch.PropertiesLauncher 1000000
 * </pre>
 */
public final class VerifierBenchmark {

    /** One key range {@code [%1$d, %2$d]} of the monolith's customers. */
    private static final String LEGACY = """
            INSERT INTO customers (id, first_name, last_name, email, phone, street, city, postal_code, country,
                created_at, updated_at, version)
            SELECT g, 'First' || g, 'Last' || g, 'c' || g || '@shop.example',
                CASE WHEN g %% 5 = 0 THEN NULL ELSE '+49 ' || g END,
                CASE WHEN g %% 3 = 0 THEN NULL ELSE 'Street ' || g END,
                CASE WHEN g %% 3 = 0 THEN NULL ELSE 'City' || (g %% 100) END,
                CASE WHEN g %% 3 = 0 THEN NULL ELSE lpad((g %% 99999)::text, 5, '0') END,
                CASE WHEN g %% 3 = 0 THEN NULL ELSE 'de' END,
                timestamptz '2020-01-01' + g * interval '1.123457 second', timestamptz '2021-01-01' + g * interval '1 second',
                g %% 7
            FROM generate_series(%1$d, %2$d) g
            """;
    /** One key range of the service's customer rows. */
    private static final String SERVICE = """
            INSERT INTO customer (id, given_name, family_name, email, phone_number, registered_at, modified_at, revision)
            SELECT g, 'First' || g, 'Last' || g, 'c' || g || '@shop.example',
                CASE WHEN g %% 5 = 0 THEN NULL ELSE '+49 ' || g END,
                timestamptz '2020-01-01' + g * interval '1.123457 second', timestamptz '2021-01-01' + g * interval '1 second',
                g %% 7
            FROM generate_series(%1$d, %2$d) g
            """;
    /** One key range of the service's address rows (customers whose id is not a multiple of 3 have one). */
    private static final String SERVICE_ADDRESS = """
            INSERT INTO customer_address (customer_id, street, city, postal_code, country_code)
            SELECT g, 'Street ' || g, 'City' || (g %% 100), lpad((g %% 99999)::text, 5, '0'), 'DE'
            FROM generate_series(%1$d, %2$d) g WHERE g %% 3 <> 0
            """;
    /**
     * Key ranges per table, each loaded by a session of its own. One: the three tables' sessions keep both cores busy
     * to the end, and each heap stays in key order. Two ranges per table (six sessions) interleaved each heap's pages
     * between the ranges (pg_stats correlation of the key 0.46-0.50 instead of 1), which changes what the verifier's
     * key-range queries read.
     */
    private static final int RANGES = 1;

    /**
     * Before the load: no index, no key and no foreign key to maintain row by row, and no WAL written for the rows
     * (UNLOGGED: the tables are scratch data, dropped after the run). Reads are unaffected: an unlogged table's
     * heap and indexes are read through the same buffers and plans (parallel scans included; only temporary tables
     * are kept from those).
     */
    private static final String LEGACY_BEFORE = """
            ALTER TABLE customers DROP CONSTRAINT customers_email_key;
            ALTER TABLE customers DROP CONSTRAINT customers_pkey;
            ALTER TABLE customers SET UNLOGGED
            """;
    private static final String SERVICE_BEFORE = """
            ALTER TABLE customer_address DROP CONSTRAINT customer_address_customer_id_fkey;
            ALTER TABLE customer_address DROP CONSTRAINT customer_address_pkey;
            DROP INDEX customer_email_key;
            ALTER TABLE customer DROP CONSTRAINT customer_pkey;
            ALTER TABLE customer_address SET UNLOGGED;
            ALTER TABLE customer SET UNLOGGED
            """;
    /** After the load, each index in one sort (not spilled in 64 MB runs), then the foreign key once both exist. */
    private static final String LOAD_SESSION = "SET maintenance_work_mem = '1GB';\n";
    private static final String LEGACY_AFTER = LOAD_SESSION + """
            ALTER TABLE customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
            ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email)
            """;
    private static final String CUSTOMER_AFTER = LOAD_SESSION + """
            ALTER TABLE customer ADD CONSTRAINT customer_pkey PRIMARY KEY (id);
            CREATE UNIQUE INDEX customer_email_key ON customer (lower(email))
            """;
    private static final String ADDRESS_AFTER = LOAD_SESSION + """
            ALTER TABLE customer_address ADD CONSTRAINT customer_address_pkey PRIMARY KEY (customer_id)
            """;
    private static final String SERVICE_FOREIGN_KEY = "ALTER TABLE customer_address ADD CONSTRAINT "
            + "customer_address_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE";

    private static final String NAIVE_LEGACY = "SELECT id, first_name, last_name, email, phone, street, city, "
            + "postal_code, upper(country), created_at, updated_at, version FROM customers ORDER BY id";
    private static final String NAIVE_SERVICE = "SELECT c.id, c.given_name, c.family_name, c.email, c.phone_number, "
            + "a.street, a.city, a.postal_code, a.country_code, c.registered_at, c.modified_at, c.revision "
            + "FROM customer c LEFT JOIN customer_address a ON a.customer_id = c.id ORDER BY c.id";

    /**
     * What one run measured, per round: milliseconds of {@code count(*)} on both sides, of the verifier and of the
     * naive comparison, and the verifier's peak heap ({@link HeapPeak}); then one verification after 10 rows were
     * changed on the service side. Without comparisons (the large run) the naive rounds are empty and the drift
     * figures -1.
     */
    record Result(int rows, String postgres, long generateMillis, List<Long> countMillis,
            List<Long> verifyMillis, List<Long> naiveMillis, List<Long> peakHeapBytes, int queriesInSync,
            boolean inSync, int differingFound, int driftQueries, long driftMillis, long tookMillis) {
    }

    private VerifierBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        measure(rows, 3, true, System.out::println);
    }

    /**
     * Generates {@code rows} customers in sync on both sides, then {@code rounds} times {@code count(*)}, the
     * verifier and (with {@code comparisons}) the naive comparison back to back, and (with {@code comparisons}) the
     * search for 10 changed rows; {@code progress} gets a line per step.
     */
    static Result measure(int rows, int rounds, boolean comparisons, Consumer<String> progress) throws Exception {
        long began = System.nanoTime();
        try (CustomerPair databases = new CustomerPair()) {
            long started = System.nanoTime();
            // The keys, the e-mail indexes and the address's foreign key are built after the load, not row by row
            // during it, and the tables are UNLOGGED (what makes 10,000,000 rows affordable in a full run); the
            // tables end with the keys, indexes and constraints the schemas define.
            databases.run(databases.legacy(), LEGACY_BEFORE);
            databases.run(databases.service(), SERVICE_BEFORE);
            List<CompletableFuture<Void>> load = new ArrayList<>();
            for (int range = 0; range < RANGES; range++) {
                long from = (long) rows * range / RANGES + 1;
                long to = (long) rows * (range + 1) / RANGES;
                load.add(async(() -> databases.run(databases.legacy(), LEGACY.formatted(from, to))));
                load.add(async(() -> databases.run(databases.service(), SERVICE.formatted(from, to))));
                load.add(async(() -> databases.run(databases.service(), SERVICE_ADDRESS.formatted(from, to))));
            }
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).join();
            // VACUUM runs alone (not in a multi-statement string, which is one transaction).
            CompletableFuture.allOf(
                    async(() -> {
                        databases.run(databases.legacy(), LEGACY_AFTER);
                        databases.run(databases.legacy(), "VACUUM ANALYZE customers");
                    }),
                    async(() -> {
                        databases.run(databases.service(), CUSTOMER_AFTER);
                        databases.run(databases.service(), "VACUUM ANALYZE customer");
                    }),
                    async(() -> {
                        databases.run(databases.service(), ADDRESS_AFTER);
                        databases.run(databases.service(), "VACUUM ANALYZE customer_address");
                    })).join();
            databases.run(databases.service(), SERVICE_FOREIGN_KEY);
            long generated = (System.nanoTime() - started) / 1_000_000;
            progress.accept(String.format("Generated %,d customers on both sides in %d ms (%s)", rows, generated,
                    databases.postgres().description()));
            PipelineDefinition pipeline = databases.pipeline();
            // No pipeline runs here: nothing is in flight, so nothing is waited for.
            Verifier verifier = new Verifier(pipeline, VerifierOptions.defaults().withSettleTimeout(Duration.ZERO));

            List<Long> counts = new ArrayList<>();
            List<Long> verifies = new ArrayList<>();
            List<Long> naives = new ArrayList<>();
            List<Long> heaps = new ArrayList<>();
            DriftReport report = null;
            for (int run = 1; run <= rounds; run++) {
                long count = time(() -> countBoth(databases));
                HeapPeak.reset();
                report = verifier.verify(Direction.FORWARD);
                long heap = HeapPeak.bytes();
                long verify = report.tookMillis();
                long naive = comparisons ? time(() -> naive(pipeline, rows)) : -1;
                counts.add(count);
                verifies.add(verify);
                heaps.add(heap);
                if (comparisons) {
                    naives.add(naive);
                }
                progress.accept(String.format("run %d: count(*) both sides %,d ms (%s rows/s) | verifier %,d ms (%s "
                        + "rows/s, %d queries, in sync %s, peak heap %,d KiB)%s", run, count, perSecond(rows, count),
                        verify, perSecond(rows, verify), report.queries(), report.inSync(), heap / 1024,
                        comparisons ? String.format(" | naive fetch and compare %,d ms (%s rows/s)", naive,
                                perSecond(rows, naive)) : ""));
            }
            if (!comparisons) {
                return new Result(rows, databases.postgres().description(), generated, counts, verifies, naives,
                        heaps, Objects.requireNonNull(report).queries(), report.inSync(), -1, -1, -1,
                        (System.nanoTime() - began) / 1_000_000);
            }

            databases.run(databases.service(), "UPDATE customer SET family_name = 'Drifted' WHERE id % "
                    + Math.max(1, rows / 10) + " = 7");
            DriftReport drift = verifier.verify(Direction.FORWARD);
            progress.accept(String.format("10 changed rows among %,d: found %d differing (+%d in flight, not waited "
                    + "for) in %d queries, %,d ms", rows, drift.differing().size(), drift.inFlight().size(),
                    drift.queries(), drift.tookMillis()));
            return new Result(rows, databases.postgres().description(), generated, counts, verifies, naives,
                    heaps, Objects.requireNonNull(report).queries(), report.inSync(),
                    drift.differing().size() + drift.inFlight().size(), drift.queries(), drift.tookMillis(),
                    (System.nanoTime() - began) / 1_000_000);
        }
    }

    /** On a thread of its own: the common pool of a 2-core machine has one thread, which would serialise them. */
    private static CompletableFuture<Void> async(Runnable work) {
        return CompletableFuture.runAsync(work, runnable -> new Thread(runnable, "verifier-load").start());
    }

    private static long countBoth(CustomerPair databases) {
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> databases.count(databases.legacy(), "SELECT count(*) FROM customers")),
                CompletableFuture.runAsync(() -> databases.count(databases.service(), "SELECT count(*) FROM customer "
                        + "c LEFT JOIN customer_address a ON a.customer_id = c.id")))
                .join();
        return 0;
    }

    /**
     * Every mapped row of both sides fetched (streamed with a cursor) and compared in Java, as text, the mapping's
     * conversion ({@code upper-case} of the country) applied in the legacy query.
     */
    private static long naive(PipelineDefinition pipeline, int rows) throws SQLException {
        try (Connection source = connect(pipeline.source()); Connection target = connect(pipeline.target())) {
            source.setAutoCommit(false);
            target.setAutoCommit(false);
            try (PreparedStatement s = source.prepareStatement(NAIVE_LEGACY);
                    PreparedStatement t = target.prepareStatement(NAIVE_SERVICE)) {
                s.setFetchSize(10_000);
                t.setFetchSize(10_000);
                try (ResultSet sr = s.executeQuery(); ResultSet tr = t.executeQuery()) {
                    int columns = sr.getMetaData().getColumnCount();
                    long differing = 0;
                    while (sr.next() && tr.next()) {
                        for (int i = 1; i <= columns; i++) {
                            if (!Objects.equals(sr.getString(i), tr.getString(i))) {
                                differing++;
                                break;
                            }
                        }
                    }
                    if (differing > 0) {
                        throw new IllegalStateException("naive comparison found " + differing + " differing rows");
                    }
                }
            }
        }
        return rows;
    }

    private static Connection connect(DatabaseEndpoint database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static String perSecond(int rows, long millis) {
        return String.format("%,d", millis == 0 ? 0 : rows * 1000L / millis);
    }

    private static long time(Work work) throws Exception {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    @FunctionalInterface
    private interface Work {
        Object run() throws Exception;
    }
}
