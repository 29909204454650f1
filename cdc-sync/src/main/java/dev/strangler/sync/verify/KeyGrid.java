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
