package dev.strangler.sync.verify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one side holds in a key range: its row count and the sum of a 64-bit hash of each canonical row, seeded by the
 * row's key ({@link CanonicalRows.Side}). The sum is exact, as text: PostgreSQL sums bigints as numeric, which costs
 * little next to the hash. Two ranges whose rows differ get the same count and sum by chance with odds of about
 * 2<sup>-64</sup>; that is the one way a difference can go unseen.
 */
record RangeDigest(long rows, String sum) {

    static final RangeDigest EMPTY = new RangeDigest(0, "0");

    /** Both parts of one range together: its rows read in two lanes of blocks. */
    RangeDigest plus(RangeDigest other) {
        return new RangeDigest(rows + other.rows, new BigInteger(sum).add(new BigInteger(other.sum)).toString());
    }

    static long rows(Collection<RangeDigest> digests) {
        return digests.stream().mapToLong(RangeDigest::rows).sum();
    }

    /** The ranges whose two sides differ, in range order; a side without rows in a range counts as {@link #EMPTY}. */
    static List<Differing> differing(Map<Long, RangeDigest> source, Map<Long, RangeDigest> target) {
        TreeSet<Long> ranges = new TreeSet<>(source.keySet());
        ranges.addAll(target.keySet());
        List<Differing> differing = new ArrayList<>();
        for (Long range : ranges) {
            RangeDigest s = source.getOrDefault(range, EMPTY);
            RangeDigest t = target.getOrDefault(range, EMPTY);
            if (!s.equals(t)) {
                differing.add(new Differing(range, s, t));
            }
        }
        return differing;
    }

    /** One range whose sides differ, with each side's digest. */
    record Differing(long range, RangeDigest source, RangeDigest target) {

        long mostRows() {
            return Math.max(source.rows(), target.rows());
        }
    }
}
