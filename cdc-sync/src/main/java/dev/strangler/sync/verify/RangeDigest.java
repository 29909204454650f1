package dev.strangler.sync.verify;

import java.util.Collection;

/**
 * What one side holds in a key range: its row count and the exact sum of a 64-bit hash of each canonical row (as
 * text: PostgreSQL sums bigints into a numeric, through a 128-bit accumulator). Equal rows give equal digests; a
 * changed, missing or extra row changes the count or moves the sum by a random 64-bit amount.
 */
record RangeDigest(long rows, String sum) {

    static final RangeDigest EMPTY = new RangeDigest(0, "0");

    static long rows(Collection<RangeDigest> digests) {
        return digests.stream().mapToLong(RangeDigest::rows).sum();
    }
}
