package dev.strangler.sync.mapping;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One write to a target table that a mapped change turns into; the applier renders each as one SQL statement. */
public sealed interface RowWrite {

    TableName table();

    /** Insert, or update the row with the same key; never replaces a row whose version column is higher. */
    record Upsert(TableName table, List<String> key, Map<String, @Nullable Object> values,
            @Nullable String versionColumn) implements RowWrite {
    }

    /** Delete the row with this key, if there is one. */
    record Delete(TableName table, Map<String, @Nullable Object> key) implements RowWrite {
    }

    /** Set some columns of the row with this key, if there is one (a dependent row folded back into its parent). */
    record UpdateColumns(TableName table, Map<String, @Nullable Object> key, Map<String, @Nullable Object> values)
            implements RowWrite {
    }
}
