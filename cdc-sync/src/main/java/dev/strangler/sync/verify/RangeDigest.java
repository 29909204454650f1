package dev.strangler.sync.verify;

import java.util.Collection;

/**
 * What one side holds in a key range: its row count and two checksums of its canonical rows (xor and sum of a
 * 64-bit hash per row; the sum is exact, as text, because PostgreSQL sums bigints as numeric).
 */
record RangeDigest(long rows, long xor, String sum) {

    static final RangeDigest EMPTY = new RangeDigest(0, 0, "0");

    static long rows(Collection<RangeDigest> digests) {
        return digests.stream().mapToLong(RangeDigest::rows).sum();
    }
}
