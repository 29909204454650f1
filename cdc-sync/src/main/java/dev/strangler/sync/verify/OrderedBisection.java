package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.Direction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Bisection over a key that is not an integer (text, uuid, a composite key): the same rounds as {@link Bisection},
 * but a range cannot be cut by arithmetic, so it is cut at keys sampled from the side with more rows in it, every
 * {@code rows / fanout}-th key in the key's canonical text order. Both sides are then checksummed with the same cuts
 * ({@code width_bucket} over a sorted array of them), so that equal data still costs one query per side. Only the
 * cuts of the ranges that still differ are kept between rounds: memory grows with the differences, not the table.
 */
final class OrderedBisection {

    private static final int RANGES_PER_QUERY = 500;

    private final VerifierOptions options;

    OrderedBisection(VerifierOptions options) {
        this.options = options;
    }

    Bisection.Comparison compare(CanonicalRows canonical, VerifySession session, Direction direction)
            throws SQLException {
        // Range i holds the keys k with cuts[i-1] <= k < cuts[i] (unbounded below for 0, above for cuts.size()).
        List<String> cuts = List.of();
        @Nullable List<Integer> ranges = null; // null: the whole table, the single range 0
        Map<RowKey, Verdict> verdicts = new TreeMap<>();
        long rows = -1;
        long keptInService = 0;
        boolean truncated = false;
        while (true) {
            List<String> c = cuts;
            List<Integer> some = ranges;
            List<Map<Long, RangeDigest>> digests = session.both(canonical,
                    (side, connection) -> RangeChecksums.orderedDigests(side, connection, c, some));
            Map<Long, RangeDigest> sourceDigests = digests.get(0);
            Map<Long, RangeDigest> targetDigests = digests.get(1);
            if (rows < 0) {
                rows = Math.max(RangeDigest.rows(sourceDigests.values()), RangeDigest.rows(targetDigests.values()));
            }
            List<Integer> leaves = new ArrayList<>();
            Map<Integer, Long> sourceSplits = new TreeMap<>(); // range -> step, cut by the source's keys
            Map<Integer, Long> targetSplits = new TreeMap<>();
            for (RangeDigest.Differing range : RangeDigest.differing(sourceDigests, targetDigests)) {
                long most = range.mostRows();
                if (most <= options.leafRows()) {
                    leaves.add((int) range.range());
                }
                else {
                    long step = (most + options.fanout() - 1) / options.fanout();
                    (range.source().rows() >= range.target().rows() ? sourceSplits : targetSplits)
                            .put((int) range.range(), step);
                }
            }
            Map<Long, List<String>> found = sourceSplits.isEmpty() && targetSplits.isEmpty() ? Map.of()
                    : cutsOf(canonical, session, c, sourceSplits, targetSplits);
            // A range that yields no cut (its rows went meanwhile) cannot shrink: its rows are compared as they are.
            List<Integer> splits = new ArrayList<>();
            for (Integer range : new TreeSet<>(union(sourceSplits.keySet(), targetSplits.keySet()))) {
                (found.containsKey(range.longValue()) ? splits : leaves).add(range);
            }
            for (List<Integer> chunk : KeyGrid.chunks(leaves, RANGES_PER_QUERY)) {
                if (verdicts.size() >= options.maxReported()) {
                    truncated = true;
                    break;
                }
                keptInService += Bisection.compareRows(canonical, session, direction, verdicts,
                        (side, connection) -> VerifySession.rows(connection, side.orderedRows(), side.keyWidth(),
                                statement -> {
                                    statement.setArray(1, connection.createArrayOf("text", c.toArray()));
                                    statement.setArray(2, connection.createArrayOf("int4", chunk.toArray()));
                                }));
            }
            if (splits.isEmpty() || truncated) {
                break;
            }
            if (verdicts.size() >= options.maxReported()) {
                truncated = true;
                break;
            }
            // The next round's cuts: only those around and inside the ranges that still differ.
            List<String> next = new ArrayList<>();
            List<Integer> nextRanges = new ArrayList<>();
            for (Integer range : splits) {
                String from = range == 0 ? null : cuts.get(range - 1);
                String to = range < cuts.size() ? cuts.get(range) : null;
                if (from != null && (next.isEmpty() || !next.get(next.size() - 1).equals(from))) {
                    next.add(from);
                }
                nextRanges.add(next.size());
                for (String cut : found.get(range.longValue())) {
                    next.add(cut);
                    nextRanges.add(next.size());
                }
                if (to != null) {
                    next.add(to);
                }
            }
            cuts = next;
            ranges = nextRanges;
        }
        return Bisection.trimmed(new Bisection.Comparison(rows, verdicts, truncated, keptInService),
                options.maxReported());
    }

    /** The cuts of each range to split, from the side named for it. */
    private static Map<Long, List<String>> cutsOf(CanonicalRows canonical, VerifySession session, List<String> cuts,
            Map<Integer, Long> sourceSplits, Map<Integer, Long> targetSplits) throws SQLException {
        List<Map<Long, List<String>>> found = session.both(canonical, (side, connection) -> {
            Map<Integer, Long> splits = side == canonical.source() ? sourceSplits : targetSplits;
            return splits.isEmpty() ? Map.of() : RangeChecksums.orderedCuts(side, connection, cuts, splits);
        });
        Map<Long, List<String>> all = new HashMap<>(found.get(0));
        all.putAll(found.get(1));
        return all;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
