package dev.strangler.bench.load;

import java.util.concurrent.locks.LockSupport;

/** The load generator's clock: real time in a benchmark, a simulated one in tests of the schedule itself. */
public interface Ticker {

    long nanoTime();

    /** Returns once {@link #nanoTime()} has reached {@code deadline} (possibly later, never earlier). */
    void sleepUntil(long deadline);

    /** {@link System#nanoTime()} and parking: a send can be late by the parking granularity, never early. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        }
    };
}
