package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.Direction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The bisection phase: the whole table's checksums first, in one lane per connection of a side
 * ({@link VerifySession#lanes()}), all at once (a range of blocks of a side that reads one table as it is, a range of
 * the key otherwise); ranges whose checksums differ are split into {@code fanout}
 * sub-ranges, one query per side per round (per 500 ranges, spread over the connections), until a range holds at most
 * {@code leafRows} rows; those rows are then compared column by column. Equal data costs the key's bounds and one
 * query per connection of each side, however many rows it has.
 */
final class Bisection {

    private static final int RANGES_PER_QUERY = 500;

    private final VerifierOptions options;

    Bisection(VerifierOptions options) {
        this.options = options;
    }

    /** What the comparison of one table found: the keys that differ, with both rows. */
    record Comparison(long rows, Map<RowKey, Verdict> verdicts, boolean truncated, long keptInService) {
    }

    /**
     * Counts, checksums and bisection: the keys whose canonical rows differ, with both rows. Forward, a key only the
     * service holds whose rows the reverse direction would never carry back is the service's own, not drift: it is
     * counted, not reported.
     */
    Comparison compare(CanonicalRows canonical, VerifySession session, Direction direction) throws SQLException {
        if (canonical.source().ordered() != null) {
            return new OrderedBisection(options).compare(canonical, session, direction);
        }
        List<RangeChecksums.@Nullable Bounds> bounds = session.both(canonical, RangeChecksums::bounds);
        RangeChecksums.Bounds sourceBounds = bounds.get(0);
        RangeChecksums.Bounds targetBounds = bounds.get(1);
        if (sourceBounds == null && targetBounds == null) {
            return new Comparison(0, Map.of(), false, 0);
        }
        long base = Math.min(sourceBounds == null ? Long.MAX_VALUE : sourceBounds.min(),
                targetBounds == null ? Long.MAX_VALUE : targetBounds.min());
        long top = Math.max(sourceBounds == null ? Long.MIN_VALUE : sourceBounds.max(),
                targetBounds == null ? Long.MIN_VALUE : targetBounds.max());
        long width = KeyGrid.firstWidth(base, top, options.fanout());
        // The whole table first, in as many lanes per side as it has connections, all at once: a side that reads one
        // table as it is in ranges of its blocks, any other in ranges of the key.
        List<List<KeyRange>> ranges = KeyGrid.lanes(base, top, width, session.lanes());
        List<RangeChecksums.BlockRange> sourceBlocks = blockLanes(sourceBounds, ranges.size());
        List<RangeChecksums.BlockRange> targetBlocks = blockLanes(targetBounds, ranges.size());
        Map<RowKey, Verdict> verdicts = new TreeMap<>();
        long rows = -1;
        long keptInService = 0;
        boolean truncated = false;
        while (true) {
            Map<Long, RangeDigest> sourceDigests = new HashMap<>();
            Map<Long, RangeDigest> targetDigests = new HashMap<>();
            long w = width;
            List<List<KeyRange>> chunks = ranges;
            boolean wholeTable = rows < 0;
            List<List<Map<Long, RangeDigest>>> digests = session.inLanes(canonical, chunks.size(), (side, c, i) -> {
                List<RangeChecksums.BlockRange> blocks = side == canonical.source() ? sourceBlocks : targetBlocks;
                return wholeTable && !blocks.isEmpty() ? RangeChecksums.digests(side, c, base, w, blocks.get(i))
                        : RangeChecksums.digests(side, c, base, w, chunks.get(i));
            });
            // A bucket's rows may lie in more than one lane of blocks: its parts add up. Each lane reads in a
            // transaction of its own, so a row that a write meanwhile moves to another lane's blocks may be read twice
            // or not at all: its bucket then differs, and the rounds that follow read it again, by key.
            digests.get(0).forEach(lane -> lane.forEach((b, d) -> sourceDigests.merge(b, d, RangeDigest::plus)));
            digests.get(1).forEach(lane -> lane.forEach((b, d) -> targetDigests.merge(b, d, RangeDigest::plus)));
            if (rows < 0) {
                rows = Math.max(RangeDigest.rows(sourceDigests.values()), RangeDigest.rows(targetDigests.values()));
            }
            List<KeyRange> leaves = new ArrayList<>();
            List<KeyRange> next = new ArrayList<>();
            for (RangeDigest.Differing bucket : RangeDigest.differing(sourceDigests, targetDigests)) {
                KeyRange range = KeyRange.bucket(base, width, bucket.range());
                if (width == 1 || bucket.mostRows() <= options.leafRows()) {
                    leaves.add(range);
                }
                else {
                    next.add(range);
                }
            }
            for (List<KeyRange> chunk : KeyGrid.chunks(leaves, RANGES_PER_QUERY)) {
                if (verdicts.size() >= options.maxReported()) {
                    truncated = true;
                    break;
                }
                keptInService += compareRows(canonical, session, direction, verdicts, (side, c) -> VerifySession
                        .rows(c, side.rows(chunk.size()), 1, statement -> side.bindRanges(statement, 1,
                                chunk)));
            }
            if (next.isEmpty() || truncated) {
                break;
            }
            if (verdicts.size() >= options.maxReported()) {
                truncated = true;
                break;
            }
            ranges = KeyGrid.chunks(next, RANGES_PER_QUERY);
            width = KeyGrid.nextWidth(width, options.fanout());
        }
        return trimmed(new Comparison(rows, verdicts, truncated, keptInService), options.maxReported());
    }

    /**
     * The lanes of blocks a side's whole table is read in, as many as the lanes of keys; none when the side has no
     * rows, no table of its own to cut into blocks, or is read in one lane anyway.
     */
    private static List<RangeChecksums.BlockRange> blockLanes(RangeChecksums.@Nullable Bounds bounds, int lanes) {
        if (bounds == null || bounds.blocks() < 0 || lanes < 2) {
            return List.of();
        }
        return RangeChecksums.BlockRange.lanes(bounds.blocks(), lanes);
    }

    /** The comparison with at most {@code maxReported} verdicts, the first keys kept; truncated if it had more. */
    static Comparison trimmed(Comparison comparison, int maxReported) {
        if (comparison.verdicts().size() <= maxReported) {
            return comparison;
        }
        Map<RowKey, Verdict> kept = new TreeMap<>();
        comparison.verdicts().entrySet().stream().limit(maxReported).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return new Comparison(comparison.rows(), kept, true, comparison.keptInService());
    }

    /**
     * Compares the rows that {@code rows} reads on each side, adds the keys that differ to {@code verdicts}, and
     * returns how many service-only keys it left out as the service's own (forward only).
     */
    static long compareRows(CanonicalRows canonical, VerifySession session, Direction direction,
            Map<RowKey, Verdict> verdicts, VerifySession.SideQuery<Map<RowKey, List<@Nullable String>>> rows)
            throws SQLException {
        List<Map<RowKey, List<@Nullable String>>> found = session.both(canonical, rows);
        Map<RowKey, Verdict> differences = Verdict.differences(found.get(0), found.get(1));
        long kept = direction == Direction.FORWARD ? dropKeptInService(canonical, session, differences) : 0;
        verdicts.putAll(differences);
        return kept;
    }

    /** Removes the service-only keys the reverse direction never carries back; how many it removed. */
    private static int dropKeptInService(CanonicalRows canonical, VerifySession session,
            Map<RowKey, Verdict> differences) throws SQLException {
        String sql = canonical.keptInService();
        List<RowKey> serviceOnly = differences.entrySet().stream().filter(e -> e.getValue().source() == null)
                .map(Map.Entry::getKey).toList();
        if (sql == null || serviceOnly.isEmpty()) {
            return 0;
        }
        session.queries().incrementAndGet();
        Connection target = session.target();
        CanonicalRows.Side side = canonical.target();
        Map<RowKey, List<@Nullable String>> kept = VerifySession.rows(target, sql, side.keyWidth(),
                statement -> side.bindKeys(statement, serviceOnly));
        kept.keySet().forEach(differences::remove);
        return kept.size();
    }
}
