package dev.strangler.proxy.shadow;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.strangler.proxy.metrics.ProxyMetrics;

/**
 * Per-rule shadow statistics and the latest differing responses, as the admin API shows them.
 */
@Component
public class ShadowReports {

    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    private final ProxyMetrics metrics;

    private final int keep;

    ShadowReports(ProxyMetrics metrics, ShadowSettings settings) {
        this.metrics = metrics;
        this.keep = settings.keepDiffs();
    }

    /**
     * A rule's shadow figures.
     *
     * @param rule the rule id
     * @param compared comparisons made
     * @param matched comparisons without any difference
     * @param differed comparisons with at least one difference
     * @param failed copies that got no comparable answer (service down, timeout, too large)
     * @param skipped copies not sent because too many were already in flight
     * @param latestDiffs the newest differing comparisons, newest first
     */
    public record ShadowReport(String rule, long compared, long matched, long differed, long failed, long skipped,
            List<ShadowDiff> latestDiffs) {

        /**
         * Share of copies that differed or failed (timed out, errored) among those sent, 0 when none were: a copy
         * the service could not answer is no evidence that it answers the same.
         */
        public double diffRate() {
            long sent = this.compared + this.failed;
            return (sent == 0) ? 0 : (double) (this.differed + this.failed) / sent;
        }

    }

    /**
     * One differing comparison.
     *
     * @param at when it was compared
     * @param method the request's method
     * @param path the normalised path (and query)
     * @param differences what differed
     */
    public record ShadowDiff(Instant at, String method, String path, List<Difference> differences) {
    }

    public ShadowReport report(String rule) {
        Tally tally = this.tallies.get(rule);
        return (tally != null) ? tally.report(rule) : new ShadowReport(rule, 0, 0, 0, 0, 0, List.of());
    }

    void compared(String rule, String method, String path, List<Difference> differences) {
        tally(rule).compared(new ShadowDiff(Instant.now(), method, path, List.copyOf(differences)), this.keep);
        this.metrics.shadowCompared(rule, differences.isEmpty() ? "match" : "diff");
        if (!differences.isEmpty()) {
            this.metrics.shadowDiffered(rule, differences.size());
        }
    }

    void failed(String rule) {
        tally(rule).failed();
        this.metrics.shadowCompared(rule, "failed");
    }

    void skipped(String rule) {
        tally(rule).skipped();
        this.metrics.shadowCompared(rule, "skipped");
    }

    private Tally tally(String rule) {
        return this.tallies.computeIfAbsent(rule, (id) -> new Tally());
    }

    private static final class Tally {

        private long compared;

        private long matched;

        private long differed;

        private long failed;

        private long skipped;

        private final Deque<ShadowDiff> latest = new ArrayDeque<>();

        synchronized void compared(ShadowDiff diff, int keep) {
            this.compared++;
            if (diff.differences().isEmpty()) {
                this.matched++;
                return;
            }
            this.differed++;
            this.latest.addFirst(diff);
            while (this.latest.size() > keep) {
                this.latest.removeLast();
            }
        }

        synchronized void failed() {
            this.failed++;
        }

        synchronized void skipped() {
            this.skipped++;
        }

        synchronized ShadowReport report(String rule) {
            return new ShadowReport(rule, this.compared, this.matched, this.differed, this.failed, this.skipped,
                    new ArrayList<>(this.latest));
        }

    }

}
