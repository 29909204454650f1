package dev.strangler.sync.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The grid that bisection walks: bucket widths are powers of two, so that each round's buckets nest exactly in the
 * previous round's and a bucket of width 1 is a single key.
 */
final class KeyGrid {

    private KeyGrid() {
    }

    /**
     * The smallest power of two that covers {@code [min, max]} in at most {@code fanout} buckets: close to
     * {@code fanout} buckets, so that the first round already narrows a difference down as far as one query can.
     */
    static long firstWidth(long min, long max, int fanout) {
        long span = max - min + 1;
        if (span <= 0) { // overflow: the keys spread over more than half the long range
            span = Long.MAX_VALUE;
        }
        long width = 1;
        while (ceilDiv(span, width) > fanout && width <= Long.MAX_VALUE / 2) {
            width *= 2;
        }
        return width;
    }

    /** The next round's width: split by the largest power of two within the fanout, down to single keys. */
    static long nextWidth(long width, int fanout) {
        return Math.max(1, width / Integer.highestOneBit(fanout));
    }

    /**
     * {@code [min, max]} cut into at most {@code lanes} ranges of whole {@code width}-wide buckets from {@code min},
     * about as many buckets each; a single range with no bounds ({@code ranges} empty: the whole table) where the
     * grid's end does not fit in a long.
     */
    static List<List<KeyRange>> lanes(long min, long max, long width, int lanes) {
        long buckets;
        try {
            buckets = (max - min) / width + 1;
            if (max - min < 0 || lanes < 2) {
                return List.of(List.of());
            }
            Math.addExact(min, Math.multiplyExact(buckets, width));
        }
        catch (ArithmeticException ex) {
            return List.of(List.of());
        }
        int parts = (int) Math.min(lanes, buckets);
        List<List<KeyRange>> ranges = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            long from = buckets * part / parts;
            long to = buckets * (part + 1) / parts;
            ranges.add(List.of(new KeyRange(min + from * width, min + to * width)));
        }
        return ranges;
    }

    /** The ranges in query-sized chunks. */
    static <T> List<List<T>> chunks(List<T> ranges, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < ranges.size(); from += size) {
            chunks.add(ranges.subList(from, Math.min(ranges.size(), from + size)));
        }
        return chunks;
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }
}
