package dev.strangler.sync.mapping;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One table a source row is written to. The first target of a {@link TableMapping} is its primary: exactly one row
 * per source row. Further targets are {@code optional} dependents: zero or one row, absent when every non-key column
 * would be null (a legacy customer without an address has no address row).
 *
 * @param versionColumn a target column that only grows; when set, an upsert never replaces a row with a higher value
 * @param lookups columns derived at sync time from another table of the captured database (forward only)
 * @param reverseWhen conditions a service row must meet to be carried back to the legacy table (first target only)
 */
public record TargetTable(TableName table, List<String> key, List<ColumnMapping> columns, boolean optional,
        @Nullable String versionColumn, List<LookupColumn> lookups, List<RowCondition> reverseWhen) {

    public TargetTable {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        lookups = List.copyOf(lookups);
        reverseWhen = List.copyOf(reverseWhen);
    }

    public TargetTable(TableName table, List<String> key, List<ColumnMapping> columns, boolean optional,
            @Nullable String versionColumn) {
        this(table, key, columns, optional, versionColumn, List.of(), List.of());
    }

    /** Whether a service row is carried back to the legacy table: every {@link #reverseWhen} condition holds. */
    public boolean carriedBack(java.util.Map<String, @Nullable Object> row) {
        return reverseWhen.stream().allMatch(condition -> condition.holdsFor(row));
    }

    Optional<ColumnMapping> column(String targetColumn) {
        return columns.stream().filter(c -> c.targetColumn().equals(targetColumn)).findFirst();
    }

    List<ColumnMapping> nonKeyColumns() {
        return columns.stream().filter(c -> !key.contains(c.targetColumn())).toList();
    }
}
