package dev.strangler.sync.mapping;

import java.util.regex.Pattern;

/** A schema-qualified table name; plain lower-case identifiers only, so it can be written into SQL unquoted. */
public record TableName(String schema, String table) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public TableName {
        requireIdentifier(schema);
        requireIdentifier(table);
    }

    /** Parses {@code table} (schema {@code public}) or {@code schema.table}. */
    public static TableName parse(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? new TableName("public", name) : new TableName(name.substring(0, dot), name.substring(dot + 1));
    }

    static String requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a plain lower-case SQL identifier (letters, digits, underscores)");
        }
        return name;
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
