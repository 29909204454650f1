package dev.strangler.sync.mapping;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A condition on a service row for the reverse direction ({@code reverse-when} in YAML): the column's value, as
 * text, is one of {@code in}, or, when {@code in} is null, is not null. A service row that fails it stays in the
 * service (a state the legacy table cannot hold, such as an order REJECTED by the placement saga); a row that
 * leaves the condition is deleted on the legacy side, since it was carried there before.
 */
public record RowCondition(String column, @Nullable Set<String> in) {

    public RowCondition {
        in = in == null ? null : Set.copyOf(in);
    }

    public boolean holdsFor(Map<String, @Nullable Object> row) {
        Object value = row.get(column);
        if (value == null) {
            return false;
        }
        return in == null || in.contains(value.toString());
    }
}
