package dev.strangler.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests on a fixed schedule, whatever the server does (wrk2's model): request {@code i} is due at
 * {@code start + i / rate}, and its latency runs from that due time to its completion. A server that stalls
 * therefore shows every request that was due during the stall as late, and a generator that falls behind charges
 * its own lateness to the requests it sends late, instead of quietly sending fewer (coordinated omission).
 */
public final class OpenLoop {

    /** One request; the stage completes with whether the answer counts as a success (2xx), or exceptionally. */
    @FunctionalInterface
    public interface Request {
        CompletionStage<Boolean> send(long index);
    }

    private final Ticker ticker;
    private final Duration drainTimeout;

    public OpenLoop(Ticker ticker, Duration drainTimeout) {
        this.ticker = ticker;
        this.drainTimeout = drainTimeout;
    }

    /** Real time; requests still open 30 s after the last was due count as failed. */
    public static OpenLoop realTime() {
        return new OpenLoop(Ticker.SYSTEM, Duration.ofSeconds(30));
    }

    /** Sends {@code rate × duration} requests at {@code rate} per second and waits for their answers. */
    public LoadResult run(Request request, double rate, Duration duration) {
        long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double interval = 1e9 / rate;
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        long start = ticker.nanoTime();
        lastCompletion.set(start);
        for (long i = 0; i < count; i++) {
            long due = start + Math.round(i * interval);
            ticker.sleepUntil(due);
            CompletionStage<Boolean> answer;
            try {
                answer = request.send(i);
            }
            catch (RuntimeException ex) {
                failed.incrementAndGet();
                continue;
            }
            answer.whenComplete((ok, error) -> {
                long now = ticker.nanoTime();
                lastCompletion.accumulateAndGet(now, Math::max);
                if (error == null && Boolean.TRUE.equals(ok)) {
                    recorder.recordValue(Math.max(0, (now - due) / 1000));
                    completed.incrementAndGet();
                }
                else {
                    failed.incrementAndGet();
                }
            });
        }
        long deadline = ticker.nanoTime() + drainTimeout.toNanos();
        while (completed.get() + failed.get() < count && ticker.nanoTime() < deadline) {
            ticker.sleepUntil(ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1));
        }
        long open = count - completed.get() - failed.get();
        Histogram latencies = recorder.getIntervalHistogram();
        return new LoadResult(latencies, completed.get(), failed.get() + Math.max(0, open),
                (lastCompletion.get() - start) / 1e9);
    }
}
