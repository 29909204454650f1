package dev.strangler.sync.mapping;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads rows of the captured database for a {@link LookupColumn} or a {@link ParentRelation}; the applier
 * implements it with a read-only connection. The table and column names come from the pipeline file, the values are
 * bound as parameters.
 */
@FunctionalInterface
public interface RowLookup {

    /** For plans without lookups. */
    RowLookup NONE = (table, match, columns) -> {
        throw new IllegalStateException("This mapping needs a lookup in " + table + " but none was given");
    };

    /** The {@code columns} of the row of {@code table} whose columns equal {@code match}; null when there is none. */
    @Nullable Map<String, @Nullable Object> find(TableName table, Map<String, @Nullable Object> match,
            List<String> columns);

    /**
     * The {@code columns} of every row of {@code table} whose columns equal {@code match} (the child rows of a
     * parent row, see {@link ParentRelation}); a lookup that reads single rows only cannot answer it.
     */
    default List<Map<String, @Nullable Object>> findAll(TableName table, Map<String, @Nullable Object> match,
            List<String> columns) {
        throw new IllegalStateException("This mapping needs the rows of " + table + " but no lookup reads them");
    }
}
