package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.stray.SlotStatus;
import dev.strangler.sync.stray.StrayWriteSummary;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a pipeline for the admin API and health.
 *
 * @param lagMillis how far the applied state trails the source: now minus the newest source commit (or heartbeat)
 *     applied; bounded by the heartbeat interval when idle
 * @param lagBytes WAL bytes between the captured database's current position and the newest position applied
 *     ({@code pg_wal_lsn_diff}); the WAL is shared by every database of the server, so other databases' writes count
 *     until the next heartbeat; -1 when unknown (stopped, nothing applied yet, database unreachable)
 * @param eventsPerSecond row changes applied per second over the last ten seconds
 * @param applied row changes applied since start, by captured table
 * @param deferredWrites target rows whose writes wait for a row they refer to (see cdc-sync's README, "Rows that
 *     arrive before what they refer to"); kept until it arrives, never dropped
 * @param strayWrites writes made directly on the legacy tables after cutover (see cdc-sync's README, "Stray writes")
 * @param slots the pipeline's replication slots, active or not, with the WAL each retains
 * @param watchError why the stray-write watch is not running while the pipeline runs in reverse, if it is not
 * @param initialCopy the forward stream's initial copy since this start (rows, rows/s, ETA); null when none ran
 * @param runsOn where the pipeline runs when it was moved out of cdc-sync (state {@link PipelineState#ON_CONNECT},
 *     lag in bytes from the position that engine applied, lag in time -1); null while it runs here
 */
public record PipelineStatus(String name, PipelineState state, Direction direction, long lagMillis, long lagBytes,
        double eventsPerSecond, Map<String, Long> applied, long duplicatesSkipped, long loopGuarded,
        int deferredWrites, @Nullable String lastError, StrayWriteSummary strayWrites, List<SlotStatus> slots,
        @Nullable String watchError, @Nullable CopyProgress initialCopy, @Nullable RunsOn runsOn) {
}
