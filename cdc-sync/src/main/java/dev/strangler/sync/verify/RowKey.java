package dev.strangler.sync.verify;

import java.util.List;

/**
 * The key of one canonical row as the verifier reads it: one value per compared key column, a {@code Long} for an
 * integer column and the canonical text for any other ({@code "Cat"}, a uuid, {@code "2024-05-01"}).
 */
record RowKey(List<Object> values) implements Comparable<RowKey> {

    RowKey {
        values = List.copyOf(values);
    }

    static RowKey of(long value) {
        return new RowKey(List.of(value));
    }

    /** The first value as a number, for the integer key's path. */
    long first() {
        return ((Number) values.get(0)).longValue();
    }

    @Override
    public int compareTo(RowKey other) {
        // For a stable report order only; ranges are cut in the database's order, never by this.
        for (int i = 0; i < Math.min(values.size(), other.values.size()); i++) {
            Object a = values.get(i);
            Object b = other.values.get(i);
            int c = a instanceof Long x && b instanceof Long y ? Long.compare(x, y)
                    : a.toString().compareTo(b.toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.size(), other.values.size());
    }
}
