package dev.strangler.sync.capture;

import java.util.Comparator;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where in the source's WAL a change (or heartbeat) sits: Debezium's offset for it, kept verbatim so that the engine
 * can resume from it, plus the two LSNs that order row changes ({@code [last commit LSN, event LSN]}, the pair
 * Debezium documents as {@code source.sequence} for de-duplication). As stored by the applier, the offset is the
 * newest record's and the LSN pair is the last applied row change's.
 *
 * <p>A value: equal when offset, LSNs and snapshot flag are. The offset of a decoded change is written out as JSON
 * only when asked for: of a batch's changes only the newest one's offset is stored, and writing every one of them
 * cost more than mapping the row.
 */
public final class SourcePosition {

    private static final Comparator<SourcePosition> WAL_ORDER = Comparator
            .comparingLong((SourcePosition p) -> p.commitLsn == null ? 0L : p.commitLsn)
            .thenComparingLong(p -> p.lsn == null ? 0L : p.lsn);

    private @Nullable Supplier<String> pendingOffset;
    private @Nullable String offsetJson;
    private final @Nullable Long commitLsn;
    private final @Nullable Long lsn;
    private final boolean snapshot;

    /**
     * @param offsetJson the Debezium source offset as JSON, as the engine's offset converter writes it
     * @param snapshot whether the position belongs to a snapshot read, which has no order among its rows
     */
    public SourcePosition(String offsetJson, @Nullable Long commitLsn, @Nullable Long lsn, boolean snapshot) {
        this.offsetJson = Objects.requireNonNull(offsetJson, "offsetJson");
        this.commitLsn = commitLsn;
        this.lsn = lsn;
        this.snapshot = snapshot;
    }

    /** A position whose offset JSON is written by {@code offsetJson} the first time it is asked for. */
    static SourcePosition withOffsetWrittenLater(Supplier<String> offsetJson, @Nullable Long commitLsn,
            @Nullable Long lsn, boolean snapshot) {
        SourcePosition position = new SourcePosition("", commitLsn, lsn, snapshot);
        position.offsetJson = null;
        position.pendingOffset = offsetJson;
        return position;
    }

    /** The Debezium source offset as JSON, as the engine's offset converter writes it. */
    public String offsetJson() {
        String json = offsetJson;
        if (json == null) {
            json = Objects.requireNonNull(pendingOffset).get();
            offsetJson = json;
            pendingOffset = null;
        }
        return json;
    }

    public @Nullable Long commitLsn() {
        return commitLsn;
    }

    public @Nullable Long lsn() {
        return lsn;
    }

    /** Whether the position belongs to a snapshot read, which has no order among its rows. */
    public boolean snapshot() {
        return snapshot;
    }

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

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SourcePosition that && snapshot == that.snapshot
                && Objects.equals(commitLsn, that.commitLsn) && Objects.equals(lsn, that.lsn)
                && offsetJson().equals(that.offsetJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(offsetJson(), commitLsn, lsn, snapshot);
    }

    @Override
    public String toString() {
        return "SourcePosition[offsetJson=" + offsetJson() + ", commitLsn=" + commitLsn + ", lsn=" + lsn
                + ", snapshot=" + snapshot + "]";
    }
}
