package dev.strangler.sync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The row a child row belongs to ({@code parent} in YAML): an order line belongs to its order. A child row follows
 * its parent's {@code reverse-when}: while the service keeps the parent for itself (an order it REJECTED), its child
 * rows stay there too, in the applier and in the verifier alike, whatever the child's own conditions say.
 *
 * @param table the parent's source table, itself a source table of the same pipeline
 * @param key child source column → the parent source key column it refers to (all of the parent's key)
 */
public record ParentRelation(TableName table, Map<String, String> key) {

    public ParentRelation {
        key = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(key));
    }

    /**
     * How a child's service row finds its parent's service row: each column of the child's first target that
     * refers to the parent → the parent's first-target key column it equals. The pipeline file's checks make sure
     * both are mapped.
     */
    public Map<String, String> targetJoin(TableMapping child, TableMapping parent) {
        Map<String, String> join = new LinkedHashMap<>();
        key.forEach((childColumn, parentColumn) -> join.put(fedBy(child.primary(), childColumn, false),
                fedBy(parent.primary(), parentColumn, true)));
        return join;
    }

    private static String fedBy(TargetTable target, String sourceColumn, boolean keyOnly) {
        return target.columns().stream()
                .filter(c -> c.sourceColumn().equals(sourceColumn)
                        && (!keyOnly || target.key().contains(c.targetColumn())))
                .map(ColumnMapping::targetColumn).findFirst()
                .orElseThrow(() -> new IllegalStateException(target.table() + " has no column fed by " + sourceColumn));
    }
}
