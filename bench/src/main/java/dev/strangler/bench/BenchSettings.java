package dev.strangler.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How big and how long: the full run (what the report in the README comes from) or {@code --quick}, which checks
 * that everything runs in a couple of minutes and whose figures mean little.
 *
 * @param quick small sizes and short runs
 * @param rounds how many times each comparison runs, baseline and subject back to back
 * @param repository the kit's checkout (for the proxy's jar)
 * @param scratch a directory for the run's files (proxy state and logs, rules)
 */
public record BenchSettings(boolean quick, int rounds, Path repository, Path scratch) {

    /** How long one load run lasts (saturation or a fixed rate). */
    public Duration loadRun() {
        return quick ? Duration.ofMillis(1500) : Duration.ofSeconds(3);
    }

    public Duration warmUp() {
        return quick ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
    }

    /**
     * Rows of the table each CDC subject snapshots: one million, or 20,000 when quick; {@code -Dbench.snapshot.rows}
     * sets another size (for a comparison on a loaded machine, where a million rows per subject takes too long).
     */
    public int snapshotRows() {
        return Integer.getInteger("bench.snapshot.rows", quick ? 20_000 : 1_000_000);
    }

    /**
     * Rounds of the snapshot figure: as many as the other figures' (at most 3; a quick run at most 2). One round
     * (as before) gave 55,640 and 96,261 rows/s for cdc-sync in two full runs: a single round cannot tell the kit
     * from the machine, a median of three with its spread can (about a minute more per full run).
     */
    public int snapshotRounds() {
        return quick ? Math.min(rounds, 2) : Math.min(rounds, 3);
    }

    /** Rows of the tables the verifier compares: one million, or 50,000 when quick. */
    public int verifierRows() {
        return quick ? 50_000 : 1_000_000;
    }

    /**
     * Rows of the verifier's large run, which shows that its heap does not grow with the table: ten million in a full
     * run (one round, no naive comparison), none when quick.
     */
    public int verifierLargeRows() {
        return quick ? 0 : 10_000_000;
    }

    /** Rows written for the sustained-apply figure. */
    public int sustainedRows() {
        return quick ? 5_000 : 60_000;
    }

    /** How long each commit-to-visible lag run writes at its fixed rate. */
    public Duration lagRun() {
        return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(5);
    }

    /** Prints a progress line (stderr, so that the report on stdout stays clean). */
    public static void progress(String format, Object... args) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(java.util.Locale.ROOT, format, args));
    }
}
