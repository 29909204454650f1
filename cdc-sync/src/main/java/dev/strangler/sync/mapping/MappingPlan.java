package dev.strangler.sync.mapping;

import dev.strangler.sync.mapping.RowChange.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mapping of a pipeline for one direction: which tables to capture and how each of their changes becomes
 * {@link RowWrite}s. Forward splits a legacy row into its target rows; reverse folds target rows back into it.
 */
public final class MappingPlan {

    private final Direction direction;
    private final DatabaseEndpoint captured;
    private final Map<TableName, TableMapping> bySource = new LinkedHashMap<>();
    private final Map<TableName, TableMapping> byTarget = new LinkedHashMap<>();

    private MappingPlan(PipelineDefinition pipeline, Direction direction) {
        this.direction = direction;
        this.captured = pipeline.captured(direction);
        for (TableMapping mapping : pipeline.tables()) {
            bySource.put(mapping.source(), mapping);
            for (TargetTable target : mapping.targets()) {
                byTarget.put(target.table(), mapping);
            }
        }
    }

    static MappingPlan of(PipelineDefinition pipeline, Direction direction) {
        return new MappingPlan(pipeline, direction);
    }

    public Direction direction() {
        return direction;
    }

    /** The tables to capture in this direction, in configuration order. */
    public Set<TableName> capturedTables() {
        return new LinkedHashSet<>(direction == Direction.FORWARD ? bySource.keySet() : byTarget.keySet());
    }

    /** The tables this direction writes to. */
    public Set<TableName> writtenTables() {
        return new LinkedHashSet<>(direction == Direction.FORWARD ? byTarget.keySet() : bySource.keySet());
    }

    /** The written table that holds the identity (and so the id sequence) of each captured row. */
    public Map<TableName, List<String>> identityTables() {
        Map<TableName, List<String>> identities = new LinkedHashMap<>();
        for (TableMapping mapping : bySource.values()) {
            if (direction == Direction.FORWARD) {
                identities.put(mapping.primary().table(), mapping.primary().key());
            }
            else {
                identities.put(mapping.source(), mapping.key());
            }
        }
        return identities;
    }

    /**
     * The database that {@link LookupColumn}s read from (the captured one), when this direction derives any column;
     * empty otherwise.
     */
    public java.util.Optional<DatabaseEndpoint> lookupDatabase() {
        boolean any = direction == Direction.FORWARD && bySource.values().stream()
                .flatMap(m -> m.targets().stream()).anyMatch(t -> !t.lookups().isEmpty());
        return any ? java.util.Optional.of(captured) : java.util.Optional.empty();
    }

    /** The writes that carry {@code change} across; empty when the table is not captured in this direction. */
    public List<RowWrite> map(RowChange change) {
        return map(change, RowLookup.NONE);
    }

    /** As {@link #map(RowChange)}, reading derived columns through {@code lookup}. */
    public List<RowWrite> map(RowChange change, RowLookup lookup) {
        if (direction == Direction.FORWARD) {
            TableMapping mapping = bySource.get(change.table());
            return mapping == null ? List.of() : forward(mapping, change, lookup);
        }
        TableMapping mapping = byTarget.get(change.table());
        return mapping == null ? List.of() : reverse(mapping, change);
    }

    private static List<RowWrite> forward(TableMapping mapping, RowChange change, RowLookup lookup) {
        List<RowWrite> writes = new ArrayList<>();
        Map<String, @Nullable Object> before = change.before();
        Map<String, @Nullable Object> after = change.after();
        if (change.kind() == Kind.DELETE) {
            forwardDelete(mapping, Objects.requireNonNull(before, "delete without before-image"), writes);
            return writes;
        }
        Map<String, @Nullable Object> row = Objects.requireNonNull(after, "change without after-image");
        if (before != null && !sameValues(mapping.key(), before, row)) {
            // The legacy key changed: the old target rows go, new ones come.
            forwardDelete(mapping, before, writes);
        }
        for (TargetTable target : mapping.targets()) {
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            for (ColumnMapping column : target.columns()) {
                // A column the change does not carry (an unchanged TOASTed value) keeps its value in the target.
                if (row.containsKey(column.sourceColumn())) {
                    values.put(column.targetColumn(), column.toTarget(row.get(column.sourceColumn())));
                }
            }
            for (ColumnMapping column : target.columns()) {
                if (column.keyUuidWhenNull() && values.containsKey(column.targetColumn())
                        && values.get(column.targetColumn()) == null) {
                    values.put(column.targetColumn(),
                            NameUuid.of(target.table(), target.key().stream().map(values::get).toList()));
                }
            }
            for (LookupColumn derived : target.lookups()) {
                Map<String, @Nullable Object> match = new LinkedHashMap<>();
                derived.match().forEach((lookupColumn, sourceColumn) -> match.put(lookupColumn, row.get(sourceColumn)));
                values.put(derived.targetColumn(), derived.derive(match.containsValue(null) ? null
                        : lookup.find(derived.table(), match, derived.join())));
            }
            boolean empty = target.nonKeyColumns().stream()
                    .allMatch(c -> values.containsKey(c.targetColumn()) && values.get(c.targetColumn()) == null);
            if (target.optional() && empty) {
                writes.add(new RowWrite.Delete(target.table(), keyOf(target, values)));
            }
            else {
                writes.add(new RowWrite.Upsert(target.table(), target.key(), values, target.versionColumn()));
            }
        }
        return writes;
    }

    private static void forwardDelete(TableMapping mapping, Map<String, @Nullable Object> before,
            List<RowWrite> writes) {
        List<TargetTable> targets = mapping.targets();
        // Dependents first: they usually reference the primary row.
        for (int i = targets.size() - 1; i >= 0; i--) {
            TargetTable target = targets.get(i);
            Map<String, @Nullable Object> key = new LinkedHashMap<>();
            for (String keyColumn : target.key()) {
                ColumnMapping column = target.column(keyColumn).orElseThrow();
                key.put(keyColumn, column.toTarget(before.get(column.sourceColumn())));
            }
            writes.add(new RowWrite.Delete(target.table(), key));
        }
    }

    private static List<RowWrite> reverse(TableMapping mapping, RowChange change) {
        TargetTable target = mapping.targets().stream().filter(t -> t.table().equals(change.table())).findFirst()
                .orElseThrow();
        boolean primary = target == mapping.primary();
        List<RowWrite> writes = new ArrayList<>();
        Map<String, @Nullable Object> before = change.before();
        Map<String, @Nullable Object> after = change.after();
        if (change.kind() == Kind.DELETE) {
            Map<String, @Nullable Object> row = Objects.requireNonNull(before, "delete without before-image");
            Map<String, @Nullable Object> key = sourceKey(mapping, target, row);
            if (primary) {
                writes.add(new RowWrite.Delete(mapping.source(), key));
            }
            else {
                Map<String, @Nullable Object> cleared = new LinkedHashMap<>();
                target.nonKeyColumns().forEach(c -> cleared.put(c.sourceColumn(), null));
                writes.add(new RowWrite.UpdateColumns(mapping.source(), key, cleared));
            }
            return writes;
        }
        Map<String, @Nullable Object> row = Objects.requireNonNull(after, "change without after-image");
        if (!target.carriedBack(row)) {
            // A state the legacy table does not hold: stays in the service. If it was carried back before, it goes.
            if (before != null && target.carriedBack(before)) {
                writes.addAll(reverse(mapping, new RowChange(change.table(), Kind.DELETE, before, null)));
            }
            return writes;
        }
        if (before != null && !sameValues(target.key(), before, row)) {
            writes.addAll(reverse(mapping, new RowChange(change.table(), Kind.DELETE, before, null)));
        }
        Map<String, @Nullable Object> key = sourceKey(mapping, target, row);
        if (primary) {
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            for (ColumnMapping column : target.columns()) {
                if (row.containsKey(column.targetColumn())) {
                    values.put(column.sourceColumn(), column.toSource(row.get(column.targetColumn())));
                }
            }
            String version = target.versionColumn() == null ? null
                    : target.column(target.versionColumn()).map(ColumnMapping::sourceColumn).orElse(null);
            writes.add(new RowWrite.Upsert(mapping.source(), mapping.key(), values, version));
        }
        else {
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            for (ColumnMapping column : target.nonKeyColumns()) {
                if (row.containsKey(column.targetColumn())) {
                    values.put(column.sourceColumn(), column.toSource(row.get(column.targetColumn())));
                }
            }
            writes.add(new RowWrite.UpdateColumns(mapping.source(), key, values));
        }
        return writes;
    }

    /** The legacy key of a target row: each legacy key column is fed by one of the target's key columns. */
    private static Map<String, @Nullable Object> sourceKey(TableMapping mapping, TargetTable target,
            Map<String, @Nullable Object> targetRow) {
        Map<String, @Nullable Object> key = new LinkedHashMap<>();
        for (String keyColumn : target.key()) {
            ColumnMapping column = target.column(keyColumn).orElseThrow();
            key.put(column.sourceColumn(), column.toSource(targetRow.get(keyColumn)));
        }
        return key;
    }

    private static Map<String, @Nullable Object> keyOf(TargetTable target, Map<String, @Nullable Object> values) {
        Map<String, @Nullable Object> key = new HashMap<>();
        target.key().forEach(k -> key.put(k, values.get(k)));
        return key;
    }

    private static boolean sameValues(List<String> columns, Map<String, @Nullable Object> a,
            Map<String, @Nullable Object> b) {
        return columns.stream().allMatch(c -> Objects.equals(a.get(c), b.get(c)));
    }
}
