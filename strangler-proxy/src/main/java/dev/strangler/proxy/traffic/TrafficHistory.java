package dev.strangler.proxy.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per endpoint rule, the requests each backend answered, counted in time buckets: one per second for the last 15
 * minutes and one per minute for the last 24 hours. Memory is bounded (two fixed rings per rule, about 90 KB), and
 * rules are the configured ones, never taken from a request.
 * <p>
 * The history lives in memory: a restart of the proxy starts it afresh. A window that reaches back before the start
 * is therefore reported as not {@link Counts#covered() covered}, so that "nothing reached the monolith" is never
 * claimed for time the proxy did not see.
 * <p>
 * A bucket that overlaps the window counts whole: a count may include requests up to one bucket (a second, or a
 * minute for windows over 15 minutes) older than the window, never fewer than happened in it.
 */
public final class TrafficHistory {

    /** Who answered a request. */
    public enum Backend {

        /** The monolith, the rule being in MONOLITH mode (or the request matched no rule, or a canary's other side). */
        MONOLITH,
        /** The service. */
        SERVICE,
        /** The monolith, because the service failed a read. */
        FALLBACK,
        /** The monolith, while the rule was in SHADOW mode (the service got a copy). */
        SHADOW;

        /** The name in the admin API. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

    }

    /** The longest window the history answers for. */
    public static final Duration LONGEST = Duration.ofHours(24);

    /** The longest window answered per second; longer ones are answered per minute. */
    public static final Duration FINE = Duration.ofMinutes(15);

    private static final long SECOND = 1000;

    private static final long MINUTE = 60 * SECOND;

    private final LongSupplier millis;

    private final long startedMillis;

    private final ConcurrentMap<String, RuleHistory> rules = new ConcurrentHashMap<>();

    /** @param millis the wall clock in epoch milliseconds ({@code System::currentTimeMillis}) */
    public TrafficHistory(LongSupplier millis) {
        this.millis = millis;
        this.startedMillis = millis.getAsLong();
    }

    /**
     * Requests by backend in a window ending now.
     *
     * @param from the start of the window as answered (the start of the oldest bucket counted)
     * @param covered false when the history began after the window's start: the proxy did not see all of it
     */
    public record Counts(Map<Backend, Long> byBackend, Instant from, Instant to, boolean covered) {

        public Counts {
            byBackend = Map.copyOf(byBackend);
        }

        /** Requests the monolith answered, whatever the reason: MONOLITH, FALLBACK and SHADOW. */
        public long monolithAnswered() {
            return this.byBackend.get(Backend.MONOLITH) + this.byBackend.get(Backend.FALLBACK)
                    + this.byBackend.get(Backend.SHADOW);
        }

    }

    /** One second of a rule's traffic, for a chart of requests by backend. */
    public record Second(Instant at, Map<Backend, Long> byBackend) {

        public Second {
            byBackend = Map.copyOf(byBackend);
        }

    }

    public void record(String rule, Backend backend) {
        long now = this.millis.getAsLong();
        this.rules.computeIfAbsent(rule, (id) -> new RuleHistory()).add(backend, now);
    }

    /** When the history began: the proxy's start. */
    public Instant since() {
        return Instant.ofEpochMilli(this.startedMillis);
    }

    /**
     * The rule's requests by backend in the window ending now.
     * @throws IllegalArgumentException when the window is not positive or longer than {@link #LONGEST}
     */
    public Counts counts(String rule, Duration window) {
        if (window.isNegative() || window.isZero() || window.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("window must be from 1 ms to " + LONGEST + ", not " + window);
        }
        long now = this.millis.getAsLong();
        long start = now - window.toMillis();
        boolean fine = window.compareTo(FINE) <= 0;
        long bucket = fine ? SECOND : MINUTE;
        long from = start - Math.floorMod(start, bucket);
        RuleHistory history = this.rules.get(rule);
        Map<Backend, Long> counts = (history != null) ? history.sum(fine, from, now) : zeros();
        return new Counts(counts, Instant.ofEpochMilli(from), Instant.ofEpochMilli(now), this.startedMillis <= start);
    }

    /** The rule's traffic second by second over the window ending now (at most {@link #FINE}), oldest first. */
    public List<Second> perSecond(String rule, Duration window) {
        if (window.compareTo(FINE) > 0 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be from 1 s to " + FINE + ", not " + window);
        }
        long now = this.millis.getAsLong();
        long last = now - Math.floorMod(now, SECOND);
        RuleHistory history = this.rules.get(rule);
        List<Second> seconds = new ArrayList<>();
        for (long at = last - (window.toSeconds() - 1) * SECOND; at <= last; at += SECOND) {
            seconds.add(new Second(Instant.ofEpochMilli(at), (history != null) ? history.sum(true, at, at) : zeros()));
        }
        return seconds;
    }

    private static Map<Backend, Long> zeros() {
        Map<Backend, Long> zeros = new EnumMap<>(Backend.class);
        for (Backend backend : Backend.values()) {
            zeros.put(backend, 0L);
        }
        return zeros;
    }

    /** One rule's two rings. One more bucket than the span, so that a window's partly covered oldest bucket is kept. */
    private static final class RuleHistory {

        private final Ring seconds = new Ring(SECOND, (int) (FINE.toMillis() / SECOND) + 1);

        private final Ring minutes = new Ring(MINUTE, (int) (LONGEST.toMillis() / MINUTE) + 1);

        synchronized void add(Backend backend, long now) {
            this.seconds.add(backend, now);
            this.minutes.add(backend, now);
        }

        synchronized Map<Backend, Long> sum(boolean fine, long fromBucket, long now) {
            return (fine ? this.seconds : this.minutes).sum(fromBucket, now);
        }

    }

    /** Buckets of one width in a ring; a slot is reused once its bucket has fallen out of the span. */
    private static final class Ring {

        private final long width;

        private final long[] starts;

        private final long[][] counts;

        Ring(long width, int slots) {
            this.width = width;
            this.starts = new long[slots];
            java.util.Arrays.fill(this.starts, Long.MIN_VALUE);
            this.counts = new long[slots][Backend.values().length];
        }

        void add(Backend backend, long now) {
            long start = now - Math.floorMod(now, this.width);
            int slot = (int) Math.floorMod(start / this.width, (long) this.starts.length);
            if (this.starts[slot] != start) {
                this.starts[slot] = start;
                java.util.Arrays.fill(this.counts[slot], 0);
            }
            this.counts[slot][backend.ordinal()]++;
        }

        /** Buckets that start from {@code fromBucket} up to {@code now}. */
        Map<Backend, Long> sum(long fromBucket, long now) {
            Map<Backend, Long> sum = zeros();
            for (int slot = 0; slot < this.starts.length; slot++) {
                long start = this.starts[slot];
                if (start >= fromBucket && start <= now) {
                    for (Backend backend : Backend.values()) {
                        sum.merge(backend, this.counts[slot][backend.ordinal()], Long::sum);
                    }
                }
            }
            return sum;
        }

    }

}
