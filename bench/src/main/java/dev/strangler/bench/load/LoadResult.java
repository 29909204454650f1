package dev.strangler.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured.
 *
 * @param latencies microseconds per completed request; for an open-loop run from its intended send time
 * @param completed requests answered with a 2xx
 * @param failed requests that failed, got a non-2xx, or were still open when the run gave up waiting
 * @param seconds from the first intended send to the last completion
 */
public record LoadResult(Histogram latencies, long completed, long failed, double seconds) {

    public double throughput() {
        return seconds <= 0 ? 0 : completed / seconds;
    }

    public double p50Millis() {
        return latencies.getValueAtPercentile(50) / 1000.0;
    }

    public double p99Millis() {
        return latencies.getValueAtPercentile(99) / 1000.0;
    }

    public double maxMillis() {
        return latencies.getMaxValue() / 1000.0;
    }
}
