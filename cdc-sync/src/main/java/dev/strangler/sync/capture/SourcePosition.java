package dev.strangler.sync.capture;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Where in the source's WAL a change (or heartbeat) sits: Debezium's offset for it, kept verbatim so that the engine
 * can resume from it, plus the two LSNs that order row changes ({@code [last commit LSN, event LSN]}, the pair
 * Debezium documents as {@code source.sequence} for de-duplication). As stored by the applier, the offset is the
 * newest record's and the LSN pair is the last applied row change's.
 *
 * @param offsetJson the Debezium source offset as JSON, as the engine's offset converter writes it
 * @param snapshot whether the position belongs to a snapshot read, which has no order among its rows
 */
public record SourcePosition(String offsetJson, @Nullable Long commitLsn, @Nullable Long lsn, boolean snapshot) {

    private static final Comparator<SourcePosition> WAL_ORDER = Comparator
            .comparingLong((SourcePosition p) -> p.commitLsn == null ? 0L : p.commitLsn)
            .thenComparingLong(p -> p.lsn == null ? 0L : p.lsn);

    /**
     * Whether a change at {@code event} has already been applied when this position is stored. Snapshot reads are
     * never skipped: they are current state, safe to apply again.
     */
    public boolean covers(SourcePosition event) {
        return !snapshot && !event.snapshot && WAL_ORDER.compare(event, this) <= 0;
    }

    /** Whether this position lies strictly before {@code other} in the WAL (never for snapshot positions). */
    public boolean isBefore(SourcePosition other) {
        return !snapshot && !other.snapshot && WAL_ORDER.compare(this, other) < 0;
    }

    /** The WAL position as PostgreSQL prints it ({@code 0/16B3748}), for logs and the admin API. */
    public String lsnText() {
        return lsn == null ? "-" : new Lsn(lsn).toString();
    }
}
