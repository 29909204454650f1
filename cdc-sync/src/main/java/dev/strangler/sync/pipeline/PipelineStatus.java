package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.Direction;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a pipeline for the admin API and health.
 *
 * @param lagMillis how far the applied state trails the source: now minus the newest source commit (or heartbeat)
 *     applied; bounded by the heartbeat interval when idle
 * @param applied row changes applied since start, by captured table
 */
public record PipelineStatus(String name, PipelineState state, Direction direction, long lagMillis,
        Map<String, Long> applied, long duplicatesSkipped, long loopGuarded, @Nullable String lastError) {
}
