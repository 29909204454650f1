package dev.strangler.sync.mapping;

import java.util.List;

/** A source table, its key columns, and the target tables each of its rows is written to. */
public record TableMapping(TableName source, List<String> key, List<TargetTable> targets) {

    public TableMapping {
        key = List.copyOf(key);
        targets = List.copyOf(targets);
    }

    public TargetTable primary() {
        return targets.get(0);
    }
}
