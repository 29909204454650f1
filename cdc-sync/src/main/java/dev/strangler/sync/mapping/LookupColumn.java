package dev.strangler.sync.mapping;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A target column derived at sync time from a row of another table of the captured database: the row whose
 * {@code match} columns equal the changed row's columns, its {@code join} columns joined by {@code separator}
 * (null columns skipped, as PostgreSQL's {@code concat_ws} does). Forward only: a derived column is never written
 * back. Declared in YAML, read with a parameterised query; nothing from a change event becomes SQL.
 *
 * @param match lookup table column → column of the changed source row
 * @param otherwise the value when no row matches; null writes null
 */
public record LookupColumn(String targetColumn, TableName table, Map<String, String> match, List<String> join,
        String separator, @Nullable String otherwise) {

    public LookupColumn {
        match = Map.copyOf(new java.util.LinkedHashMap<>(match));
        join = List.copyOf(join);
    }

    /** The derived value from the looked-up row's {@code join} columns; {@code otherwise} when there is no row. */
    @Nullable Object derive(@Nullable Map<String, @Nullable Object> found) {
        if (found == null) {
            return otherwise;
        }
        StringBuilder value = new StringBuilder();
        for (String column : join) {
            Object part = found.get(column);
            if (part == null) {
                continue;
            }
            if (!value.isEmpty()) {
                value.append(separator);
            }
            value.append(part);
        }
        return value.toString();
    }
}
