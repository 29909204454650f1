package dev.strangler.proxy.rollback;

import java.time.Duration;

/**
 * Counts calls and failures over a sliding time window, kept as a ring of ten buckets so memory stays constant
 * however busy the rule is. The window slides one bucket (a tenth of it) at a time.
 */
final class ErrorRateWindow {

    private static final int BUCKETS = 10;

    private final long bucketMillis;

    private final long[] bucketStart = new long[BUCKETS];

    private final int[] calls = new int[BUCKETS];

    private final int[] failures = new int[BUCKETS];

    ErrorRateWindow(Duration window) {
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    }

    /** Calls and failures in the window ending now. */
    record Counts(int calls, int failures) {

        double errorRate() {
            return (this.calls == 0) ? 0 : (double) this.failures / this.calls;
        }

    }

    synchronized Counts record(boolean failed, long nowMillis) {
        long start = nowMillis - Math.floorMod(nowMillis, this.bucketMillis);
        int index = (int) Math.floorMod(start / this.bucketMillis, (long) BUCKETS);
        if (this.bucketStart[index] != start) {
            this.bucketStart[index] = start;
            this.calls[index] = 0;
            this.failures[index] = 0;
        }
        this.calls[index]++;
        if (failed) {
            this.failures[index]++;
        }
        return counts(nowMillis);
    }

    synchronized Counts counts(long nowMillis) {
        long oldest = nowMillis - this.bucketMillis * BUCKETS;
        int totalCalls = 0;
        int totalFailures = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (this.bucketStart[i] > oldest && this.bucketStart[i] <= nowMillis) {
                totalCalls += this.calls[i];
                totalFailures += this.failures[i];
            }
        }
        return new Counts(totalCalls, totalFailures);
    }

}
