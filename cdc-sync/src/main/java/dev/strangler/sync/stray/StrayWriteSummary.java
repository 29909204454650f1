package dev.strangler.sync.stray;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a pipeline's status says about stray writes.
 *
 * @param count every stray write recorded for the pipeline, ever (records are kept across restarts, rollbacks and
 *     replays); -1 when the service database cannot be read
 * @param unresolved those not replayed to the service yet (what health reports)
 * @param last the newest recorded, newest first
 * @param watching whether the watch runs now (it does while the pipeline runs in reverse)
 * @param atRollback what the last switch back to forward did with the stray writes recorded while reverse (kept, and
 *     how to replay them); {@code null} when there was none since start
 */
public record StrayWriteSummary(long count, long unresolved, List<StrayWrite> last, boolean watching,
        @Nullable String atRollback) {

    public static StrayWriteSummary none() {
        return new StrayWriteSummary(0, 0, List.of(), false, null);
    }
}
