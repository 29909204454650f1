package dev.strangler.bench.verifier;

import static dev.strangler.bench.BenchSettings.progress;

import dev.strangler.bench.BenchSettings;
import dev.strangler.bench.report.Row;
import dev.strangler.bench.report.Section;
import dev.strangler.bench.report.Spread;
import java.util.List;
import java.util.Locale;

/**
 * The verifier's figures, measured by {@link VerifierBenchmark} (also runnable alone): one million customers in
 * sync through the shop's mapping, verified next to {@code count(*)} and a naive fetch-and-compare, then 10 changed
 * rows to find.
 */
public final class VerifierSection {

    private final BenchSettings settings;

    public VerifierSection(BenchSettings settings) {
        this.settings = settings;
    }

    public Section run() throws Exception {
        long began = System.nanoTime();
        VerifierBenchmark.Result result = VerifierBenchmark.measure(settings.verifierRows(), settings.rounds(), true,
                line -> progress("verifier: %s", line));
        VerifierBenchmark.Result large = settings.verifierLargeRows() == 0 ? null
                : VerifierBenchmark.measure(settings.verifierLargeRows(), 1, false,
                        line -> progress("verifier, large: %s", line));
        long took = (System.nanoTime() - began) / 1_000_000;
        int rows = result.rows();
        Spread verify = rate(rows, result.verifyMillis());
        Spread count = rate(rows, result.countMillis());
        Spread naive = rate(rows, result.naiveMillis());
        Spread verifyTime = seconds(result.verifyMillis());
        Spread countTime = seconds(result.countMillis());
        Section section = new Section("Verifier", String.format(Locale.ROOT, "%,d customers in sync in the shared "
                + "database and the customer service's two tables (the shipped `customers` mapping: renamed "
                + "columns, a split table, a conversion), generated in %,d ms; %d rounds, each running count(*) on "
                + "both sides, the verifier and the naive comparison back to back.%s The section took %,d s.", rows,
                result.generateMillis(), settings.rounds(), large == null ? "" : String.format(Locale.ROOT, " Then "
                        + "%,d customers the same way (generated in %,d ms; the large run took %,d s), one round of "
                        + "count(*) and the verifier.", large.rows(), large.generateMillis(),
                        large.tookMillis() / 1000), took / 1000));
        section.add(Row.of("rows/s verified", "count(*) on both sides: " + count.format(0), verify.format(0),
                "× " + verify.ratioTo(count).format(2)).against("≥ 1,000,000 rows/s", verify.median() >= 1_000_000));
        section.add(Row.of("seconds to verify all rows", "count(*) on both sides: " + countTime.format(2),
                verifyTime.format(2), "× " + verifyTime.ratioTo(countTime).format(1))
                .against("≤ × 3 count(*)", verifyTime.ratioTo(countTime).median() <= 3));
        section.add(Row.of("rows/s verified", "naive fetch-and-compare: " + naive.format(0), verify.format(0),
                "× " + verify.ratioTo(naive).format(1)));
        // DriftReport.queries() counts both sides' queries (a round is one query on each).
        section.add(Row.of("queries to prove " + String.format(Locale.ROOT, "%,d", rows) + " rows equal, both sides "
                + "together", "", Integer.toString(result.queriesInSync()), result.inSync() ? "in sync" : "**not in "
                        + "sync**"));
        section.add(Row.of("queries to find 10 differing rows, both sides together", "",
                Integer.toString(result.driftQueries()),
                result.differingFound() + " found in " + String.format(Locale.ROOT, "%,d ms", result.driftMillis())));
        Spread heap = kib(result.peakHeapBytes());
        if (large != null) {
            int many = large.rows();
            Spread largeVerify = rate(many, large.verifyMillis());
            Spread largeCount = rate(many, large.countMillis());
            Spread largeTime = seconds(large.verifyMillis());
            Spread largeCountTime = seconds(large.countMillis());
            Spread largeHeap = kib(large.peakHeapBytes());
            String label = String.format(Locale.ROOT, "%,d rows", many);
            section.add(Row.of("rows/s verified, " + label, "count(*) on both sides: " + largeCount.format(0),
                    largeVerify.format(0), "× " + largeVerify.ratioTo(largeCount).format(2))
                    .against("≥ 1,000,000 rows/s", largeVerify.median() >= 1_000_000));
            section.add(Row.of("seconds to verify all rows, " + label, "count(*) on both sides: "
                    + largeCountTime.format(2), largeTime.format(2), "× " + largeTime.ratioTo(largeCountTime)
                            .format(1)).against("≤ × 3 count(*)", largeTime.ratioTo(largeCountTime).median() <= 3));
            // The large run has one round: its heap against the median of the small run's rounds.
            Spread growth = largeHeap.ratioTo(Spread.of(heap.median()));
            section.add(Row.of("verifier's peak heap, KiB, " + label, String.format(Locale.ROOT, "%,d rows: ", rows)
                    + heap.format(0), largeHeap.format(0), "× " + growth.format(2))
                    .against("does not grow with the table", growth.median() <= 1.5));
        }
        else {
            section.add(Row.of("verifier's peak heap, KiB", "", heap.format(0), ""));
        }
        section.note("Peak heap: a full GC and a reset of the JVM's heap pools' peaks before each verification, the "
                + "sum of the pools' peaks after it (an upper bound that counts garbage not yet collected and the "
                + "bench's own live objects); \"does not grow\" means the large run's is within × 1.5 of the "
                + "1,000,000-row run's.");
        section.note("Both sides hash their canonical rows inside PostgreSQL at once, one hash per row, each side in "
                + "three lanes on three connections (the legacy table in ranges of its blocks, the service's join in "
                + "ranges of the key; a hash aggregate per lane, no sort), so the verifier's floor is one scan (plus "
                + "the service side's join) per side at the hash's CPU cost per row, about six scans' worth; "
                + "count(*) reads no values (an index-only scan on the legacy side, the LEFT JOIN removed on the "
                + "service side). It moves with the cores PostgreSQL gets and the machine's speed, not with anything "
                + "in the JVM (profile: bench/reports/2026-12-06-verifier-profile.md). Measured one query at a time, "
                + "a verification of 1,000,000 rows needs 1.7-2.2 CPU-s of PostgreSQL, and × 1.3 when its six "
                + "lanes share two cores: at most about 0.75-1.1 M rows/s here "
                + "(bench/reports/2026-12-07T2105Z-verifier-block-lanes.md). Of that CPU, a third re-reads pages "
                + "from the kernel's cache (the default shared_buffers hold less than the legacy table) and a third "
                + "hashes the rows (flame graph of the backends: bench/reports/flame-graphs-2026-12-07T2315Z/).");
        return section;
    }

    private static Spread rate(int rows, List<Long> millis) {
        return new Spread(millis.stream().map(ms -> ms == 0 ? 0.0 : rows * 1000.0 / ms).toList());
    }

    private static Spread kib(List<Long> bytes) {
        return new Spread(bytes.stream().map(b -> b / 1024.0).toList());
    }

    private static Spread seconds(List<Long> millis) {
        return new Spread(millis.stream().map(ms -> ms / 1000.0).toList());
    }
}
