package dev.strangler.sync.mapping;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A source table, its key columns, and the target tables each of its rows is written to.
 *
 * @param parent the row each of this table's rows belongs to, whose {@code reverse-when} they follow; null for none
 */
public record TableMapping(TableName source, List<String> key, List<TargetTable> targets,
        @Nullable ParentRelation parent) {

    public TableMapping {
        key = List.copyOf(key);
        targets = List.copyOf(targets);
    }

    /** A table whose rows belong to no other row of the pipeline. */
    public TableMapping(TableName source, List<String> key, List<TargetTable> targets) {
        this(source, key, targets, null);
    }

    public TargetTable primary() {
        return targets.get(0);
    }
}
