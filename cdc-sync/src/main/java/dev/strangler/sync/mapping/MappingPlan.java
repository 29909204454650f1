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

    private final PipelineDefinition pipeline;
    private final Direction direction;
    private final DatabaseEndpoint captured;
    private final Map<TableName, TableMapping> bySource = new LinkedHashMap<>();
    private final Map<TableName, TableMapping> byTarget = new LinkedHashMap<>();
    /** Asked for every applied row (the applier notes the highest id per table): built once, not per row. */
    private final Map<TableName, List<String>> identities;

    private MappingPlan(PipelineDefinition pipeline, Direction direction) {
        this.pipeline = pipeline;
        this.direction = direction;
        this.captured = pipeline.captured(direction);
        for (TableMapping mapping : pipeline.tables()) {
            bySource.put(mapping.source(), mapping);
            for (TargetTable target : mapping.targets()) {
                byTarget.put(target.table(), mapping);
            }
        }
        Map<TableName, List<String>> identities = new LinkedHashMap<>();
        for (TableMapping mapping : bySource.values()) {
            if (direction == Direction.FORWARD) {
                identities.put(mapping.primary().table(), mapping.primary().key());
            }
            else {
                identities.put(mapping.source(), mapping.key());
            }
        }
        this.identities = java.util.Collections.unmodifiableMap(identities);
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
        return identities;
    }

    /**
     * The database that {@link LookupColumn}s read from (the captured one), when this direction derives any column,
     * or, in reverse, when a table's rows follow a {@link ParentRelation}; empty otherwise.
     */
    public java.util.Optional<DatabaseEndpoint> lookupDatabase() {
        boolean any = direction == Direction.FORWARD
                ? bySource.values().stream().flatMap(m -> m.targets().stream()).anyMatch(t -> !t.lookups().isEmpty())
                : bySource.values().stream().anyMatch(m -> m.parent() != null);
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
        if (mapping == null) {
            return List.of();
        }
        if (change.kind() != Kind.DELETE && !parentCarriedBack(mapping, change.table(),
                Objects.requireNonNull(change.after(), "change without after-image"), lookup)) {
            // The parent stays in the service (an order it REJECTED), so its children do too. A delete goes on: a
            // row the legacy side does not hold is not there to delete.
            return List.of();
        }
        return reverse(mapping, change, lookup);
    }

    /**
     * Whether the parent of a child's service row (none: true) is carried back, read as it is now in the captured
     * database: a parent that enters its {@code reverse-when} later carries its children then (see
     * {@link #carryChildren}).
     */
    private boolean parentCarriedBack(TableMapping child, TableName changed, Map<String, @Nullable Object> childRow,
            RowLookup lookup) {
        TableMapping parent = pipeline.parentOf(child);
        if (parent == null || parent.primary().reverseWhen().isEmpty()) {
            return true;
        }
        TargetTable target = child.targets().stream().filter(t -> t.table().equals(changed)).findFirst()
                .orElseThrow();
        Map<String, @Nullable Object> match = new LinkedHashMap<>();
        for (Map.Entry<String, String> reference : Objects.requireNonNull(child.parent()).key().entrySet()) {
            java.util.Optional<ColumnMapping> column = target.columns().stream()
                    .filter(c -> c.sourceColumn().equals(reference.getKey())).findFirst();
            if (column.isEmpty()) {
                return true; // a dependent table without the reference: its row follows its own first target
            }
            String parentColumn = parent.primary().columns().stream()
                    .filter(c -> c.sourceColumn().equals(reference.getValue())
                            && parent.primary().key().contains(c.targetColumn()))
                    .map(ColumnMapping::targetColumn).findFirst().orElseThrow();
            match.put(parentColumn, childRow.get(column.get().targetColumn()));
        }
        if (match.containsValue(null)) {
            return false; // refers to no parent, so to none the legacy side holds
        }
        List<String> columns = parent.primary().reverseWhen().stream().map(RowCondition::column).distinct().toList();
        Map<String, @Nullable Object> found = lookup.find(parent.primary().table(), match, columns);
        return found != null && parent.primary().carriedBack(found);
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
            // Only an optional target can be absent; the others skip the look at every column (once per row).
            if (target.optional() && target.nonKeyColumns().stream()
                    .allMatch(c -> values.containsKey(c.targetColumn()) && values.get(c.targetColumn()) == null)) {
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

    private List<RowWrite> reverse(TableMapping mapping, RowChange change, RowLookup lookup) {
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
                // Children first, whatever the legacy schema's foreign keys cascade: they follow their parent.
                for (TableMapping child : pipeline.childrenOf(mapping)) {
                    Map<String, @Nullable Object> reference = new LinkedHashMap<>();
                    Objects.requireNonNull(child.parent()).key().forEach((childColumn, parentColumn) -> reference
                            .put(childColumn, key.get(parentColumn)));
                    writes.add(new RowWrite.Delete(child.source(), reference));
                }
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
                writes.addAll(reverse(mapping, new RowChange(change.table(), Kind.DELETE, before, null), lookup));
            }
            return writes;
        }
        if (before != null && !sameValues(target.key(), before, row)) {
            writes.addAll(reverse(mapping, new RowChange(change.table(), Kind.DELETE, before, null), lookup));
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
            if (before == null || !target.carriedBack(before)) {
                carryChildren(mapping, row, lookup, writes);
            }
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

    /**
     * A parent row entering its {@code reverse-when} (an order the placement saga PAID) carries its children as they
     * are now in the service: their own changes were skipped while the parent stayed there.
     */
    private void carryChildren(TableMapping parent, Map<String, @Nullable Object> parentRow, RowLookup lookup,
            List<RowWrite> writes) {
        if (parent.primary().reverseWhen().isEmpty()) {
            return; // the parent was always carried back, and so were its children
        }
        for (TableMapping child : pipeline.childrenOf(parent)) {
            Map<String, String> join = Objects.requireNonNull(child.parent()).targetJoin(child, parent);
            for (TargetTable table : child.targets()) {
                Map<String, @Nullable Object> match = new LinkedHashMap<>();
                join.forEach((childColumn, parentColumn) -> table.column(childColumn)
                        .ifPresent(c -> match.put(childColumn, parentRow.get(parentColumn))));
                if (match.size() < join.size()) {
                    continue; // a dependent without the reference: carried with its own first target's row
                }
                List<String> columns = table.columns().stream().map(ColumnMapping::targetColumn).toList();
                for (Map<String, @Nullable Object> row : lookup.findAll(table.table(), match, columns)) {
                    writes.addAll(reverse(child, new RowChange(table.table(), Kind.READ, null, row), lookup));
                }
            }
        }
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
