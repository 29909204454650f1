package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The settle phase: on a live system a difference may be a change in flight. Every differing key is re-read on the
 * captured side, then on the applied side once the pipeline has applied past the captured side's WAL position of
 * that read, then on the captured side again: a key whose source did not move meanwhile and still differs is drift;
 * one that agrees was in flight. A key that keeps changing, or a pipeline that does not catch up in time, stays in
 * flight and unsettled.
 */
final class Settle {

    private static final int KEYS_PER_QUERY = 5000;
    private static final int ROUNDS = 3;

    private final PipelineDefinition pipeline;
    private final VerifierOptions options;

    Settle(PipelineDefinition pipeline, VerifierOptions options) {
        this.pipeline = pipeline;
        this.options = options;
    }

    /** The keys that differ once settled, those that were in flight, and whether every key settled. */
    record Settled(Map<RowKey, Verdict> drift, List<RowKey> inFlight, boolean caughtUp) {
    }

    /** Splits the differing keys into drift and in-flight keys. */
    Settled settle(CanonicalRows canonical, VerifySession session, Direction direction, Set<RowKey> suspects)
            throws SQLException, InterruptedException {
        Map<RowKey, Verdict> drift = new TreeMap<>();
        Set<RowKey> inFlight = new TreeSet<>();
        if (suspects.isEmpty()) {
            return new Settled(drift, List.of(), true);
        }
        boolean forward = direction == Direction.FORWARD;
        Connection captured = forward ? session.source() : session.target();
        CanonicalRows.Side capturedSide = forward ? canonical.source() : canonical.target();
        CanonicalRows.Side appliedSide = forward ? canonical.target() : canonical.source();
        Set<RowKey> remaining = new TreeSet<>(suspects);
        boolean caughtUp = true;
        for (int round = 0; round < ROUNDS && !remaining.isEmpty(); round++) {
            Map<RowKey, List<@Nullable String>> before = rowsWithKeys(captured, capturedSide, remaining, session);
            long position = AppliedPosition.currentLsn(captured);
            if (!AppliedPosition.awaitAppliedPast(position, pipeline.captured(direction), pipeline.applied(direction),
                    pipeline.streamName(direction), options.settleTimeout())) {
                caughtUp = false;
                break;
            }
            Connection applied = forward ? session.target() : session.source();
            Map<RowKey, List<@Nullable String>> carried = rowsWithKeys(applied, appliedSide, remaining, session);
            Map<RowKey, List<@Nullable String>> after = rowsWithKeys(captured, capturedSide, remaining, session);
            for (RowKey key : List.copyOf(remaining)) {
                if (!Objects.equals(before.get(key), after.get(key))) {
                    continue; // written again meanwhile: try once more
                }
                remaining.remove(key);
                List<@Nullable String> sourceRow = forward ? after.get(key) : carried.get(key);
                List<@Nullable String> targetRow = forward ? carried.get(key) : after.get(key);
                if (Objects.equals(sourceRow, targetRow)) {
                    inFlight.add(key);
                }
                else {
                    drift.put(key, new Verdict(sourceRow, targetRow));
                }
            }
        }
        if (!remaining.isEmpty()) {
            caughtUp = false;
            inFlight.addAll(remaining);
        }
        return new Settled(drift, List.copyOf(inFlight), caughtUp);
    }

    private static Map<RowKey, List<@Nullable String>> rowsWithKeys(Connection connection, CanonicalRows.Side side,
            Set<RowKey> keys, VerifySession session) throws SQLException {
        Map<RowKey, List<@Nullable String>> rows = new HashMap<>();
        List<RowKey> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<RowKey> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            session.queries().incrementAndGet();
            rows.putAll(VerifySession.rows(connection, side.rowsWithKeys(), side.keyWidth(),
                    statement -> side.bindKeys(statement, chunk)));
        }
        return rows;
    }
}
