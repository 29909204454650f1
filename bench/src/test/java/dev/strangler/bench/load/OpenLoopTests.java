package dev.strangler.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The open-loop schedule on a simulated clock: a server that answers one request at a time, with a stall, so that
 * what the generator records can be worked out exactly.
 */
class OpenLoopTests {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void chargesAServerStallToEveryRequestThatWasDueDuringIt() {
        SimulatedClock clock = new SimulatedClock();
        // 1 request per ms; each takes 10 µs, but the one sent at 100 ms holds the server for 200 ms.
        SingleWorkerServer server = new SingleWorkerServer(clock, i -> i == 100 ? 200 * MS : MS / 100);

        LoadResult result = new OpenLoop(clock, Duration.ofSeconds(10)).run(server, 1000, Duration.ofSeconds(1));

        assertThat(result.completed()).isEqualTo(1000);
        assertThat(result.failed()).isZero();
        // Requests due at 101..299 ms wait for the stall to end at 300 ms: about 200 of 1000 are late, linearly
        // from ~200 ms down to ~0, so the 90th percentile is ~100 ms. Timing each request from when it was
        // actually sent (as a closed-loop client does) would show one slow request and a tiny 90th percentile.
        assertThat(result.maxMillis()).isBetween(199.0, 201.0);
        assertThat(result.latencies().getValueAtPercentile(90) / 1000.0).isBetween(95.0, 105.0);
        assertThat(result.p50Millis()).isLessThan(1.0);
    }

    @Test
    void chargesTheGeneratorsOwnLatenessToTheRequestsItSendsLate() {
        SimulatedClock clock = new SimulatedClock();
        clock.stallOnceAt(500 * MS, 50 * MS);   // the generator itself pauses 50 ms (think GC) before request 500
        SingleWorkerServer server = new SingleWorkerServer(clock, i -> MS / 100);

        LoadResult result = new OpenLoop(clock, Duration.ofSeconds(10)).run(server, 1000, Duration.ofSeconds(1));

        assertThat(result.completed()).isEqualTo(1000);
        // Requests 500..549 all go out at 550 ms, 50..1 ms late: their latencies include that. 500..540 are
        // 10 ms or more late.
        assertThat(result.maxMillis()).isBetween(50.0, 50.1);
        assertThat(result.latencies().getCountBetweenValues(10_000, 60_000)).isEqualTo(41);
    }

    @Test
    void countsRequestsWithoutAnAnswerAsFailed() {
        SimulatedClock clock = new SimulatedClock();
        OpenLoop.Request neverAnswers = i -> new CompletableFuture<>();

        LoadResult result = new OpenLoop(clock, Duration.ofMillis(100)).run(neverAnswers, 100, Duration.ofSeconds(1));

        assertThat(result.completed()).isZero();
        assertThat(result.failed()).isEqualTo(100);
    }

    /** Simulated time: sleeping moves the clock and completes every answer that falls due on the way. */
    static final class SimulatedClock implements Ticker {

        private final PriorityQueue<Event> events = new PriorityQueue<>();
        private long now;
        private long stallAt = -1;
        private long stallFor;

        void stallOnceAt(long at, long duration) {
            stallAt = at;
            stallFor = duration;
        }

        void at(long time, Runnable action) {
            events.add(new Event(time, events.size(), action));
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            if (stallAt >= 0 && deadline >= stallAt) {
                deadline += stallFor;
                stallAt = -1;
            }
            while (!events.isEmpty() && events.peek().time <= deadline) {
                Event next = events.poll();
                now = Math.max(now, next.time);
                next.action.run();
            }
            now = Math.max(now, deadline);
        }

        private record Event(long time, long order, Runnable action) implements Comparable<Event> {
            @Override
            public int compareTo(Event other) {
                return time != other.time ? Long.compare(time, other.time) : Long.compare(order, other.order);
            }
        }
    }

    /** One worker: a request starts when it arrives or when the previous one is done, whichever is later. */
    static final class SingleWorkerServer implements OpenLoop.Request {

        private final SimulatedClock clock;
        private final java.util.function.LongUnaryOperator serviceTime;
        private long freeAt;

        SingleWorkerServer(SimulatedClock clock, java.util.function.LongUnaryOperator serviceTime) {
            this.clock = clock;
            this.serviceTime = serviceTime;
        }

        @Override
        public CompletionStage<Boolean> send(long index) {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            long begins = Math.max(clock.nanoTime(), freeAt);
            freeAt = begins + serviceTime.applyAsLong(index);
            clock.at(freeAt, () -> answer.complete(true));
            return answer;
        }
    }
}
