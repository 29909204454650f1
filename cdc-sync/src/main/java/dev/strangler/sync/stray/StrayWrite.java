package dev.strangler.sync.stray;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A write made directly on a legacy table after cutover, by someone other than the reverse applier: the service,
 * now the writer of record, never receives it, and the next reverse change of that row overwrites it.
 *
 * @param id the record's id, for the admin API's replay
 * @param table the legacy table, {@code schema.table}
 * @param key the row's key columns and values
 * @param operation {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param lsn the change's WAL position, as PostgreSQL prints it
 * @param txId the writing transaction's id (find the writer with it and {@code commitTime})
 * @param commitTime when the writing transaction committed
 * @param replayed when the change was carried to the service through the mapping ({@code null}: not yet)
 */
public record StrayWrite(long id, String table, Map<String, @Nullable Object> key, String operation, String lsn,
        long txId, Instant commitTime, @Nullable Instant replayed) {
}
