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
        VerifierBenchmark.Result result = VerifierBenchmark.measure(settings.verifierRows(), settings.rounds(),
                line -> progress("verifier: %s", line));
        int rows = result.rows();
        Spread verify = rate(rows, result.verifyMillis());
        Spread count = rate(rows, result.countMillis());
        Spread naive = rate(rows, result.naiveMillis());
        Spread verifyTime = seconds(result.verifyMillis());
        Spread countTime = seconds(result.countMillis());
        Section section = new Section("Verifier", String.format(Locale.ROOT, "%,d customers in sync in the shared "
                + "database and the customer service's two tables (the shipped `customers` mapping: renamed "
                + "columns, a split table, a conversion), generated in %,d ms; %d rounds, each running count(*) on "
                + "both sides, the verifier and the naive comparison back to back.", rows, result.generateMillis(),
                settings.rounds()));
        section.add(Row.of("rows/s verified", "count(*) on both sides: " + count.format(0), verify.format(0),
                "× " + verify.ratioTo(count).format(2)).against("≥ 1,000,000 rows/s", verify.median() >= 1_000_000));
        section.add(Row.of("seconds to verify all rows", "count(*) on both sides: " + countTime.format(2),
                verifyTime.format(2), "× " + verifyTime.ratioTo(countTime).format(1))
                .against("≤ × 3 count(*)", verifyTime.ratioTo(countTime).median() <= 3));
        section.add(Row.of("rows/s verified", "naive fetch-and-compare: " + naive.format(0), verify.format(0),
                "× " + verify.ratioTo(naive).format(1)));
        section.add(Row.of("queries per side to prove " + String.format(Locale.ROOT, "%,d", rows) + " rows equal", "",
                Integer.toString(result.queriesInSync()), result.inSync() ? "in sync" : "**not in sync**"));
        section.add(Row.of("queries to find 10 differing rows", "", Integer.toString(result.driftQueries()),
                result.differingFound() + " found in " + String.format(Locale.ROOT, "%,d ms", result.driftMillis())));
        section.note("Both sides hash their canonical rows inside PostgreSQL in parallel, so the verifier's floor is "
                + "one sequential scan (plus the service side's join) per side, at the hash's CPU cost per row; "
                + "count(*) is the same scan without the per-row hash. It moves with PostgreSQL's parallel workers "
                + "(max_parallel_workers_per_gather) and cores, not with anything in the JVM.");
        return section;
    }

    private static Spread rate(int rows, List<Long> millis) {
        return new Spread(millis.stream().map(ms -> ms == 0 ? 0.0 : rows * 1000.0 / ms).toList());
    }

    private static Spread seconds(List<Long> millis) {
        return new Spread(millis.stream().map(ms -> ms / 1000.0).toList());
    }
}
