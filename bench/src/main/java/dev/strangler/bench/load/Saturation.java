package dev.strangler.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Maximum throughput: {@code connections} callers each send the next request as soon as the previous one is
 * answered, for a fixed time. Its latencies are service times (closed loop), so only its throughput is reported;
 * latency figures come from {@link OpenLoop}.
 */
public final class Saturation {

    private Saturation() {
    }

    public static LoadResult run(OpenLoop.Request request, int connections, Duration duration)
            throws InterruptedException {
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong index = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            next(request, index, end, recorder, completed, failed, done);
        }
        if (!done.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            failed.addAndGet(done.getCount());
        }
        return new LoadResult(recorder.getIntervalHistogram(), completed.get(), failed.get(),
                (System.nanoTime() - start) / 1e9);
    }

    private static void next(OpenLoop.Request request, AtomicLong index, long end, Recorder recorder,
            AtomicLong completed, AtomicLong failed, CountDownLatch done) {
        long sent = System.nanoTime();
        if (sent >= end) {
            done.countDown();
            return;
        }
        request.send(index.getAndIncrement()).whenComplete((ok, error) -> {
            if (error == null && Boolean.TRUE.equals(ok)) {
                recorder.recordValue((System.nanoTime() - sent) / 1000);
                completed.incrementAndGet();
            }
            else {
                failed.incrementAndGet();
            }
            next(request, index, end, recorder, completed, failed, done);
        });
    }
}
