package dev.strangler.sync.pipeline;

/**
 * Row changes applied per second over the last few seconds: one counter per second in a small ring, so that the rate
 * follows the load instead of averaging since start. Thread-safe.
 */
final class ApplyRate {

    private static final int SECONDS = 10;

    private final long[] counts = new long[SECONDS];
    private final long[] epochSeconds = new long[SECONDS];

    synchronized void record(long changes, long nowMillis) {
        long second = nowMillis / 1000;
        int slot = (int) (second % SECONDS);
        if (epochSeconds[slot] != second) {
            epochSeconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += changes;
    }

    /** Changes per second over the last {@value #SECONDS} full seconds. */
    synchronized double perSecond(long nowMillis) {
        long current = nowMillis / 1000;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            long age = current - epochSeconds[i];
            if (age >= 1 && age <= SECONDS) {
                total += counts[i];
            }
        }
        return (double) total / SECONDS;
    }
}
