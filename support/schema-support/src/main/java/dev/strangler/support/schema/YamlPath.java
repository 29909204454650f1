package dev.strangler.support.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in a document, as a reader names it to a person ({@code tables[0].targets[1].columns.city}, the
 * whole document is {@code (document)}) and as JSON Schema names it (the JSON Pointer
 * {@code /tables/0/targets/1/columns/city}). Immutable.
 */
public final class YamlPath {

    private static final YamlPath ROOT = new YamlPath(List.of());

    /** Each step is a {@link String} key or an {@link Integer} index. */
    private final List<Object> steps;

    private YamlPath(List<Object> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The whole document. */
    public static YamlPath root() {
        return ROOT;
    }

    /** The value of {@code name} in the mapping at this path. */
    public YamlPath key(String name) {
        return with(name);
    }

    /** Item {@code index} (0-based) of the list at this path. */
    public YamlPath index(int index) {
        return with(index);
    }

    /** The path one step up; the root's parent is the root. */
    public YamlPath parent() {
        return steps.isEmpty() ? this : new YamlPath(steps.subList(0, steps.size() - 1));
    }

    public boolean isRoot() {
        return steps.isEmpty();
    }

    /** The RFC 6901 JSON Pointer of this path ({@code ""} for the document). */
    public String pointer() {
        StringBuilder pointer = new StringBuilder();
        for (Object step : steps) {
            pointer.append('/').append(step.toString().replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private YamlPath with(Object step) {
        List<Object> longer = new ArrayList<>(steps);
        longer.add(step);
        return new YamlPath(longer);
    }

    /** {@code phases[1].gates.coffee}; {@code (document)} for the root. */
    @Override
    public String toString() {
        if (steps.isEmpty()) {
            return "(document)";
        }
        StringBuilder text = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            }
            else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(step);
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof YamlPath path && path.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
