package dev.strangler.sync.verify;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a verification found. Keys are maps of the legacy key columns to their values ({@code {"id": 42}}); column
 * values are the canonical text both sides were compared by ({@code null} is SQL NULL, distinct from {@code ""}).
 *
 * @param inSync no drift, and every key that differed while its change was in flight agreed once applied
 * @param rowsCompared rows on the larger side
 * @param queries statements that read digests, bounds or rows on either side (waiting for the pipeline not counted)
 * @param sourcePosition WAL position ({@code pg_current_wal_lsn()}) of the captured side when the comparison began
 * @param missing keys in the source but not in the target
 * @param extra keys in the target only
 * @param differing keys on both sides whose mapped columns differ
 * @param inFlight keys that differed at first but were being carried by the pipeline; they agreed once it had
 *     applied past the comparison's position, unless {@code caughtUp} is false
 * @param caughtUp false when the pipeline did not apply past the position in time (or a key kept changing), so some
 *     keys in {@code inFlight} could not be settled
 * @param truncated more differences exist than were resolved ({@code strangler.sync.verify.max-reported})
 * @param repaired keys re-synced through the pipeline before this report was made ({@code ?repair=true})
 * @param keptInService forward only: keys only the service holds whose rows the reverse direction never carries back
 *     (by their own {@code reverse-when} or their parent's, e.g. an order the service REJECTED and its lines): the
 *     service's own rows, counted here and not as extra
 */
public record DriftReport(String pipeline, boolean inSync, long rowsCompared, int queries, String sourcePosition,
        List<Map<String, Object>> missing, List<Map<String, Object>> extra, List<DifferingRow> differing,
        List<Map<String, Object>> inFlight, boolean caughtUp, boolean truncated, List<Map<String, Object>> repaired,
        long tookMillis, long keptInService) {

    public DriftReport {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        differing = List.copyOf(differing);
        inFlight = List.copyOf(inFlight);
        repaired = List.copyOf(repaired);
    }

    /** One key whose columns differ, with both values of each differing column. */
    public record DifferingRow(Map<String, Object> key, List<ColumnDifference> columns) {

        public DifferingRow {
            columns = List.copyOf(columns);
        }
    }

    /**
     * @param column the service-side column, {@code table.column} ({@code customer.given_name})
     */
    public record ColumnDifference(String column, @Nullable String source, @Nullable String target) {
    }

    /** Whether anything differs that the pipeline will not fix by itself. */
    public boolean hasDrift() {
        return !missing.isEmpty() || !extra.isEmpty() || !differing.isEmpty();
    }

    DriftReport withRepaired(List<Map<String, Object>> keys) {
        return new DriftReport(pipeline, inSync, rowsCompared, queries, sourcePosition, missing, extra, differing,
                inFlight, caughtUp, truncated, keys, tookMillis, keptInService);
    }
}
