package dev.strangler.sync.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * How far a forward stream's initial copy has got (cdc-sync README, "Initial copy").
 *
 * @param table the table being copied; null once done
 * @param rows rows copied and committed so far
 * @param estimatedRows PostgreSQL's estimate of the rows to copy ({@code pg_class.reltuples}); 0 when never analyzed
 * @param etaSeconds seconds left at the current rate; -1 when unknown (no estimate, or past it)
 * @param done whether the copy is committed and the stream streams from the slot
 */
public record CopyProgress(@Nullable String table, long rows, long estimatedRows, double rowsPerSecond,
        long etaSeconds, long elapsedMillis, boolean done) {
}
