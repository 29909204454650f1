package dev.strangler.sync.mapping;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One captured row change, with column values as plain Java objects (Long, String, BigDecimal, OffsetDateTime …).
 *
 * @param before the row before an update or delete; present because captured tables use {@code REPLICA IDENTITY FULL}
 * @param after the row after an insert, update or snapshot read
 */
public record RowChange(TableName table, Kind kind, @Nullable Map<String, @Nullable Object> before,
        @Nullable Map<String, @Nullable Object> after) {

    /** What happened to the row. */
    public enum Kind {
        /** Read by the initial snapshot or a resync. */
        READ, INSERT, UPDATE, DELETE
    }
}
