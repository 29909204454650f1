package dev.strangler.sync.mapping;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One captured row change, with column values as plain Java objects (Long, String, BigDecimal, OffsetDateTime …).
 *
 * @param before the row before an update or delete, as far as the table's replica identity carries it (at least the
 *     pipeline's key, see {@code CapturePreflight}); null for an update whose key did not change unless it is FULL
 * @param after the row after an insert, update or snapshot read; an update leaves out a large (TOASTed) value it did
 *     not change when the replica identity is not FULL, and the write then keeps the column as it is
 */
public record RowChange(TableName table, Kind kind, @Nullable Map<String, @Nullable Object> before,
        @Nullable Map<String, @Nullable Object> after) {

    /** What happened to the row. */
    public enum Kind {
        /** Read by the initial snapshot or a resync. */
        READ, INSERT, UPDATE, DELETE
    }
}
