package dev.strangler.plans.init;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The monolith's tables as its catalog describes them: columns with their SQL types, keys, unique indexes, enum
 * types and replica identity. Read-only: only SELECTs on {@code pg_catalog}.
 */
final class SourceSchema {

    /** cdc-sync writes table and column names into SQL unquoted, so it takes plain lower-case identifiers only. */
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * One column.
     *
     * @param type the SQL type as PostgreSQL prints it ({@code numeric(10,2)}, {@code text[]}, {@code visit_status})
     * @param defaultSql the column default, or null
     * @param identity {@code a} (ALWAYS), {@code d} (BY DEFAULT) or empty
     * @param generated the expression of a stored generated column, or null
     * @param enumType the enum type this column (or its array's elements) is of, or null
     */
    record Column(String name, String type, boolean notNull, @Nullable String defaultSql, String identity,
            @Nullable String generated, @Nullable EnumType enumType) {
    }

    /** A unique index: {@code usable} when plain, valid and immediate, so that it can key rows. */
    record UniqueIndex(String name, List<String> columns, boolean primary, boolean replicaIdentity, boolean usable,
            boolean notNull) {
    }

    /** An enum type and its labels in order. */
    record EnumType(String name, List<String> labels) {
    }

    /**
     * One table.
     *
     * @param replicaIdentity {@code pg_class.relreplident}: {@code d}efault, {@code f}ull, {@code i}ndex, {@code n}othing
     */
    record Table(String schema, String name, List<Column> columns, List<UniqueIndex> uniqueIndexes,
            String replicaIdentity) {

        String qualified() {
            return schema + "." + name;
        }

        Optional<UniqueIndex> primaryKey() {
            return uniqueIndexes.stream().filter(UniqueIndex::primary).findFirst();
        }

        /**
         * What rows are matched on: the primary key, else the first plain unique index on NOT NULL columns (as a
         * replica identity needs), else none (the preflight names the fix).
         */
        Optional<UniqueIndex> key() {
            return primaryKey().or(() -> uniqueIndexes.stream().filter(i -> i.usable() && i.notNull()).findFirst());
        }

        /** Columns a copy can write: a stored generated column is computed again where it lands. */
        List<Column> copied() {
            return columns.stream().filter(c -> c.generated() == null).toList();
        }
    }

    private SourceSchema() {
    }

    /** Reads {@code names} ({@code table} or {@code schema.table}), in the order given. */
    static List<Table> read(Connection connection, List<String> names) throws SQLException {
        List<Table> tables = new ArrayList<>();
        for (String name : names) {
            tables.add(table(connection, name));
        }
        return tables;
    }

    private static Table table(Connection connection, String name) throws SQLException {
        String schema;
        String table;
        String replident;
        long oid;
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT n.nspname, c.relname, c.relreplident::text, c.oid, c.relkind::text
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = to_regclass(?)""")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("--tables: no table '" + name + "' in the monolith's database");
                }
                if (!Arrays.asList("r", "p").contains(rs.getString(5))) {
                    throw new IllegalArgumentException("--tables: '" + name + "' is not a table");
                }
                schema = plain(rs.getString(1), "schema of " + name);
                table = plain(rs.getString(2), "table " + name);
                replident = rs.getString(3);
                oid = rs.getLong(4);
            }
        }
        return new Table(schema, table, columns(connection, oid, schema + "." + table), indexes(connection, oid),
                replident);
    }

    private static List<Column> columns(Connection connection, long table, String tableName) throws SQLException {
        Map<Long, EnumType> enums = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,
                       CASE WHEN t.typtype = 'e' THEN t.oid WHEN e.typtype = 'e' THEN e.oid END,
                       format_type(coalesce(CASE WHEN t.typtype = 'e' THEN t.oid END, e.oid), NULL)
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            query.setLong(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String name = plain(rs.getString(1), "column " + tableName + "." + rs.getString(1));
                    String expression = rs.getString(4);
                    boolean generated = "s".equals(rs.getString(6));
                    long enumOid = rs.getLong(7);
                    EnumType enumType = null;
                    if (!rs.wasNull()) {
                        enumType = enums.get(enumOid);
                        if (enumType == null) {
                            enumType = new EnumType(rs.getString(8), labels(connection, enumOid));
                            enums.put(enumOid, enumType);
                        }
                    }
                    columns.add(new Column(name, rs.getString(2), rs.getBoolean(3), generated ? null : expression,
                            rs.getString(5), generated ? expression : null, enumType));
                }
            }
        }
        return columns;
    }

    private static List<String> labels(Connection connection, long enumType) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder")) {
            query.setLong(1, enumType);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    labels.add(rs.getString(1));
                }
            }
        }
        return labels;
    }

    /** The same reading of unique indexes as cdc-sync's capture preflight ({@code CapturePreflight.Table.read}). */
    private static List<UniqueIndex> indexes(Connection connection, long table) throws SQLException {
        List<UniqueIndex> indexes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT ic.relname, array_agg(a.attname::text ORDER BY k.ord), bool_or(i.indisprimary),
                       bool_or(i.indisreplident),
                       bool_and(i.indpred IS NULL AND i.indexprs IS NULL AND i.indisvalid AND i.indimmediate),
                       bool_and(a.attnotnull)
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = ? AND i.indisunique
                GROUP BY ic.relname ORDER BY bool_or(i.indisprimary) DESC, ic.relname""")) {
            query.setLong(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    indexes.add(new UniqueIndex(rs.getString(1),
                            Arrays.asList((String[]) rs.getArray(2).getArray()), rs.getBoolean(3),
                            rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6)));
                }
            }
        }
        return indexes;
    }

    private static String plain(String identifier, String what) {
        if (!PLAIN.matcher(identifier).matches()) {
            throw new IllegalArgumentException(what + ": '" + identifier + "' is not a plain lower-case SQL "
                    + "identifier, which cdc-sync's pipelines need (letters, digits, underscores)");
        }
        return identifier;
    }
}
