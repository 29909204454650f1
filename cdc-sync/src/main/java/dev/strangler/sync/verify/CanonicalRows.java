package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.ColumnMapping;
import dev.strangler.sync.mapping.NameUuid;
import dev.strangler.sync.mapping.ParentRelation;
import dev.strangler.sync.mapping.RowCondition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The SQL that projects both sides of one {@link TableMapping} to the same canonical row: the legacy key and, for
 * every mapped service column, a value normalised so that equal data gives equal values on both sides (renamed
 * columns, the split into dependent tables as a LEFT JOIN, conversions, char vs varchar, timestamp and numeric
 * precision). Each side hashes its canonical rows with {@code hash_record_extended}, so that ranges can be compared
 * by digest inside the database; the same expressions rendered as text are what a row-by-row comparison reports.
 */
final class CanonicalRows {

    /** A column's type in PostgreSQL: the base type's name and its {@code pg_type.typcategory}. */
    record PgType(String name, char category) {

        static final PgType TEXT = new PgType("text", 'S');

        boolean isInteger() {
            return name.equals("int2") || name.equals("int4") || name.equals("int8");
        }

        boolean is(String... names) {
            return Set.of(names).contains(name);
        }
    }

    /**
     * A table joined to a side's first table: {@code LEFT JOIN table ON on}.
     *
     * @param table the table and its alias
     * @param bounded the joined column that carries the key (the address's {@code t1.customer_id}), which range
     *     queries also bound to the span of their ranges; null when the join is not bounded
     */
    record Join(String table, String on, @Nullable String bounded) {

        /**
         * With {@code ranged}, the join of a range query: bounded too (two parameters, see {@link Side#bindRanges}),
         * because PostgreSQL carries the range of t0's key over to the joined key only as equality, so that a merge
         * join would read every dependent row below the range (the third of three key ranges read all of them).
         */
        String sql(boolean ranged) {
            return " LEFT JOIN " + table + " ON " + on + (ranged && bounded != null
                    ? " AND " + bounded + " >= ?::bigint AND " + bounded + " < ?::bigint" : "");
        }
    }

    /**
     * One side's projection.
     *
     * @param table the first table of the FROM clause (aliases {@code s}, or {@code t0} for the service's primary
     *     table), or a derived table
     * @param joins the tables joined to {@code table} ({@code t1}… for the service's dependent tables)
     * @param primaryFrom the table holding one row per key, for the key bounds
     * @param key the raw key expression, so that range predicates can use the key's index
     * @param hashed the normalised value expressions that go into the row hash
     * @param texts the same values as text, for the row-by-row comparison
     * @param ordered for a key that is not an integer, how it is read and ordered; null for an integer key
     */
    record Side(String table, List<Join> joins, String primaryFrom, String key, List<String> hashed,
            List<String> texts, @Nullable OrderedKey ordered) {

        Side {
            joins = List.copyOf(joins);
        }

        Side(String from, String primaryFrom, String key, List<String> hashed, List<String> texts,
                @Nullable OrderedKey ordered) {
            this(from, List.of(), primaryFrom, key, hashed, texts, ordered);
        }

        /** The FROM clause. */
        String from() {
            return from(false);
        }

        /** How many joins a range query bounds. */
        int rangedJoins() {
            return (int) joins.stream().filter(j -> j.bounded() != null).count();
        }

        private String from(boolean ranged) {
            StringBuilder from = new StringBuilder(table);
            joins.forEach(j -> from.append(j.sql(ranged)));
            return from.toString();
        }

        /**
         * Ends a digest's inner query: {@code OFFSET 0} keeps PostgreSQL from flattening it into the grouping query,
         * so that the bucket is a column of a subquery, whose distinct values the planner does not know (it assumes
         * 200) rather than an expression over the key (one group per row, so it sorted all rows by bucket, spilling
         * to disk, with two parallel workers per side). With the estimate right it aggregates the buckets in a hash
         * table, in one process per side: about 40% less CPU than the parallel sort at 1,000,000 rows, and the
         * rows are hashed below the aggregate, so that it holds 16 bytes per row instead of the whole row.
         */
        static final String FENCE = " OFFSET 0";

        Side(String from, String primaryFrom, String key, List<String> hashed, List<String> texts) {
            this(from, primaryFrom, key, hashed, texts, null);
        }

        /**
         * Whether the side reads one table as it is (no join, not a derived table). Its whole table's checksums are
         * then read in lanes of blocks ({@code ctid} ranges, {@link #blockDigests}; TID range scans, which
         * PostgreSQL has since 14, the kit needs 16): each lane reads its part of the table in order, where a lane of
         * keys reads through the key's index, which costs PostgreSQL about 1.3 times the CPU
         * (bench/reports/2026-12-07T2105Z-verifier-block-lanes.md).
         */
        boolean readsOneTable() {
            return joins.isEmpty() && !table.startsWith("(");
        }

        /**
         * The smallest and largest key, and, for a side that {@link #readsOneTable}, its table's size in blocks
         * (null for any other, and for a relation without blocks of its own: a partitioned table, a view).
         */
        String bounds() {
            String blocks = "NULL::bigint";
            if (readsOneTable()) {
                blocks = "(SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint FROM pg_class c "
                        + "WHERE c.oid = '" + tableWord(0) + "'::regclass "
                        + "AND c.relkind IN ('r', 'm'))";
            }
            return "SELECT min(" + key + ")::bigint, max(" + key + ")::bigint, " + blocks + " FROM " + primaryFrom;
        }

        /** Parameters: base, width, then {@link #bindRanges}'s; grouped behind {@link #FENCE}. */
        String digests(int ranges) {
            return "SELECT x.bucket, count(*), sum(x.h) FROM (SELECT (" + key + "::bigint - ?::bigint) / ?::bigint AS "
                    + "bucket, " + rowHash(key + "::bigint", key + "::bigint") + " AS h FROM " + ranged(ranges)
                    + " WHERE " + inRanges(ranges) + FENCE + ") x GROUP BY 1";
        }

        /**
         * Of a side that {@link #readsOneTable}, the digests of a range of its blocks: parameters base, width, then
         * the first block's {@code ctid} and the {@code ctid} after the last ({@link RangeChecksums.BlockRange}), so
         * that PostgreSQL reads the blocks in order (a TID range scan), not through the key's index.
         */
        String blockDigests() {
            String ctid = tableWord(1) + ".ctid";
            return "SELECT x.bucket, count(*), sum(x.h) FROM (SELECT (" + key + "::bigint - ?::bigint) / ?::bigint AS "
                    + "bucket, " + rowHash(key + "::bigint", key + "::bigint") + " AS h FROM " + table + " WHERE "
                    + ctid + " >= ?::tid AND " + ctid + " < ?::tid" + FENCE + ") x GROUP BY 1";
        }

        /** Of a side that {@link #readsOneTable}, its {@code table alias}: the table's name (0) or its alias (1). */
        private String tableWord(int index) {
            return table.split(" ")[index];
        }

        /** Parameters: {@link #bindRanges}'s. */
        String rows(int ranges) {
            return "SELECT " + key + "::bigint, " + String.join(", ", texts) + " FROM " + ranged(ranges) + " WHERE "
                    + inRanges(ranges) + " ORDER BY 1";
        }

        private String ranged(int ranges) {
            return from(ranges > 0);
        }

        /**
         * Binds the parameters of a range query ({@link #digests}, {@link #rows}) from {@code first} on: the span of
         * all {@code ranges} once per bounded join, then each range as a {@code [from, to)} pair.
         */
        void bindRanges(PreparedStatement statement, int first, List<KeyRange> ranges) throws SQLException {
            int index = first;
            if (!ranges.isEmpty()) {
                long from = ranges.stream().mapToLong(KeyRange::from).min().orElseThrow();
                long to = ranges.stream().mapToLong(KeyRange::to).max().orElseThrow();
                for (int join = 0; join < rangedJoins(); join++) {
                    statement.setLong(index++, from);
                    statement.setLong(index++, to);
                }
            }
            for (KeyRange range : ranges) {
                statement.setLong(index++, range.from());
                statement.setLong(index++, range.to());
            }
        }

        /** The key's values, then the row's; parameters: see {@link #bindKeys}. */
        String rowsWithKeys() {
            if (ordered != null) {
                return "SELECT " + ordered.values() + ", " + String.join(", ", texts) + " FROM " + from() + " WHERE "
                        + ordered.in();
            }
            return "SELECT " + key + "::bigint, " + String.join(", ", texts) + " FROM " + from() + " WHERE " + key
                    + " = ANY(?::bigint[]) ORDER BY 1";
        }

        /**
         * Of an ordered key, per bucket of the thresholds (parameter 1, text[]; {@code width_bucket}), count and
         * checksums; with {@code some}, only of the buckets in parameter 3 (int[]) of the same thresholds again in
         * parameter 2.
         */
        String orderedDigests(boolean some) {
            OrderedKey k = java.util.Objects.requireNonNull(ordered);
            // The bucket filter inside the fence, so that the rows of other buckets are not hashed.
            return "SELECT x.b, count(*), sum(x.h) FROM (SELECT width_bucket(" + k.sort() + ", ?::text[]) AS b, "
                    + rowHash(k.sort(), "hashtextextended(" + k.sort() + ", 0)") + " AS h FROM " + from()
                    + (some ? " WHERE width_bucket(" + k.sort() + ", ?::text[]) = ANY(?::int[])" : "") + FENCE
                    + ") x GROUP BY 1";
        }

        /**
         * Of an ordered key, the keys (as their sort text) at every {@code step}-th row of each bucket but its first
         * row: where to cut it. Parameters: thresholds (text[]), buckets (int[]), steps (bigint[], one per bucket).
         */
        String orderedCuts() {
            OrderedKey k = java.util.Objects.requireNonNull(ordered);
            return "SELECT y.b, y.kt FROM (SELECT x.b, x.kt, row_number() OVER (PARTITION BY x.b ORDER BY x.kt) AS n "
                    + "FROM (SELECT width_bucket(" + k.sort() + ", ?::text[]) AS b, " + k.sort() + " AS kt FROM "
                    + from() + ") x WHERE x.b = ANY(?::int[])) y JOIN unnest(?::int[], ?::bigint[]) AS c(b, step) "
                    + "ON c.b = y.b WHERE y.n > 1 AND (y.n - 1) % c.step = 0 ORDER BY y.b, y.n";
        }

        /** Of an ordered key, the key's values and the rows of some buckets: thresholds (text[]), buckets (int[]). */
        String orderedRows() {
            OrderedKey k = java.util.Objects.requireNonNull(ordered);
            return "SELECT " + k.values() + ", " + String.join(", ", texts) + " FROM " + from() + " WHERE width_bucket("
                    + k.sort() + ", ?::text[]) = ANY(?::int[])";
        }

        /** How many columns the key is read as. */
        int keyWidth() {
            return ordered == null ? 1 : ordered.columns().size();
        }

        /** Binds {@code keys} as the parameters of {@link #rowsWithKeys}, from parameter 1 on. */
        void bindKeys(PreparedStatement statement, Collection<RowKey> keys) throws SQLException {
            Connection connection = statement.getConnection();
            if (ordered == null) {
                statement.setArray(1, connection.createArrayOf("bigint", keys.stream().map(RowKey::first).toArray()));
                return;
            }
            ordered.bind(statement, keys);
        }

        /**
         * A row's 64-bit hash: {@code hash_record_extended} over the key and the normalised values, seeded with a
         * 64-bit value of the key ({@code seed}). The seed is what makes a plain sum a sound checksum: unseeded, the
         * record hash is linear in its columns' hashes ({@code 31 * h + next} per column), so the sum over a range
         * stays the same when a value moves from one row to another (two rows swapping a name). Seeded by the key,
         * the same value hashes differently in every row. Written once per query: PostgreSQL does not share an
         * expression between two aggregates, so a second aggregate over it would hash every row twice.
         */
        private String rowHash(String keyValue, String seed) {
            return "hash_record_extended(ROW(" + keyValue + (hashed.isEmpty() ? "" : ", " + String.join(", ", hashed))
                    + "), " + seed + ")";
        }

        private String inRanges(int ranges) {
            if (ranges == 0) {
                return "true";
            }
            return String.join(" OR ", Collections.nCopies(ranges, "(" + key + " >= ? AND " + key + " < ?)"));
        }
    }

    /**
     * A key of any type with an order, compared by its canonical text in byte order ({@code COLLATE "C"}), so that
     * both databases cut ranges at the same places whatever their collations.
     *
     * @param columns the raw key column expressions, so that look-ups by key can use the key's index
     * @param types their SQL types, to cast the looked-up values back
     * @param parts the canonical value of each key column ({@code bigint} for an integer, text otherwise)
     * @param sort the text the ranges are cut by: the value of a single column, or the row of all of them
     */
    record OrderedKey(List<String> columns, List<String> types, List<String> parts, String sort) {

        static OrderedKey of(List<String> columns, List<String> types, List<String> parts) {
            String text = parts.size() == 1 ? "(" + parts.get(0) + ")::text"
                    : "ROW(" + parts.stream().map(p -> "(" + p + ")::text").collect(Collectors.joining(", "))
                            + ")::text";
            return new OrderedKey(columns, types, parts, "(" + text + " COLLATE \"C\")");
        }

        String values() {
            return String.join(", ", parts);
        }

        /** Binds {@code keys} as the parameters of {@link #in}, from parameter 1 on. */
        void bind(PreparedStatement statement, Collection<RowKey> keys) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                int column = i;
                statement.setArray(i + 1, statement.getConnection().createArrayOf("text", keys.stream()
                        .map(key -> key.values().get(column).toString()).toArray()));
            }
        }

        /** The columns in the keys given as one text array per column. */
        String in() {
            List<String> casts = new ArrayList<>();
            List<String> arrays = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                casts.add("u.c" + i + "::" + types.get(i));
                arrays.add("?::text[]");
            }
            return "(" + String.join(", ", columns) + ") IN (SELECT " + String.join(", ", casts) + " FROM unnest("
                    + String.join(", ", arrays) + ") AS u(" + IntStream.range(0, columns.size())
                            .mapToObj(i -> "c" + i).collect(Collectors.joining(", ")) + "))";
        }
    }

    /** SQL forms of the built-in conversions; a conversion without one cannot be verified in the database. */
    private static final Map<String, String> CONVERSIONS = Map.of("upper-case", "upper(%s)", "lower-case",
            "lower(%s)", "trim",
            // Java's String.strip(): whitespace and the ASCII separators, from both ends.
            "btrim(%s, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(28) || chr(29) || chr(30) "
                    + "|| chr(31))");

    private final TableMapping mapping;
    private final List<String> keyColumns;
    private final List<String> columns;
    private final Side source;
    private final Side target;

    private final @Nullable String keptInService;

    private CanonicalRows(TableMapping mapping, List<String> keyColumns, List<String> columns, Side source,
            Side target, @Nullable String keptInService) {
        this.mapping = mapping;
        this.keyColumns = List.copyOf(keyColumns);
        this.columns = List.copyOf(columns);
        this.source = source;
        this.target = target;
        this.keptInService = keptInService;
    }

    /**
     * @param sourceTypes column types of a source table, by column name
     * @param targetTypes column types of a target table, by column name
     * @throws IllegalStateException when the mapping cannot be compared in SQL (a grouped composite key with
     *     several target tables, a conversion without SQL form, a column that does not exist, a rule for a column
     *     that is not mapped)
     */
    static CanonicalRows of(TableMapping mapping, CompareRules rules,
            Function<TableName, Map<String, PgType>> sourceTypes,
            Function<TableName, Map<String, PgType>> targetTypes) {
        return of(mapping, null, rules, sourceTypes, targetTypes, false);
    }

    /**
     * @param parent the mapping of the table {@code mapping}'s rows belong to ({@link TableMapping#parent()}), if any
     * @param reverse compare only the rows the reverse direction carries (the first target's {@code reverse-when}
     *     and the parent's, applied to both sides)
     */
    static CanonicalRows of(TableMapping mapping, @Nullable TableMapping parent, CompareRules rules,
            Function<TableName, Map<String, PgType>> sourceTypes,
            Function<TableName, Map<String, PgType>> targetTypes, boolean reverse) {
        // An integer key is compared by arithmetic ranges of its value, the fastest way. A composite key whose first
        // column is an integer (order_id, line_no) is compared grouped by that column: one canonical row per order
        // holding its lines, ordered by the rest of the key, as arrays. Any other key (text, uuid, a composite key
        // starting with one) is ordered: compared row by row by all its columns, in ranges cut at sampled keys.
        String sourceKey = mapping.key().get(0);
        Map<String, PgType> sourceColumns = sourceTypes.apply(mapping.source());
        PgType keyType = type(sourceColumns, mapping.source(), sourceKey);
        boolean ordered = !keyType.isInteger();
        boolean grouped = !ordered && mapping.key().size() > 1;
        List<String> keyColumns = ordered ? mapping.key() : List.of(sourceKey);
        TargetTable primary = mapping.primary();
        if (grouped && mapping.targets().size() > 1) {
            throw new IllegalStateException("The verifier compares a composite key " + mapping.key() + " of "
                    + mapping.source() + " only with a single target table");
        }
        String primaryKey = "t0." + fedBy(primary, sourceKey, mapping);
        String targetTable = primary.table() + " t0";
        List<Join> targetJoins = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> sourceHashed = new ArrayList<>();
        List<String> sourceTexts = new ArrayList<>();
        List<String> targetHashed = new ArrayList<>();
        List<String> targetTexts = new ArrayList<>();
        Map<String, PgType> primaryColumns = targetTypes.apply(primary.table());
        for (int i = 0; i < mapping.targets().size(); i++) {
            TargetTable table = mapping.targets().get(i);
            String alias = "t" + i;
            if (i > 0) {
                // A dependent row (the address of a customer) joins by the key it shares with the primary row.
                String on = table.key().stream().map(k -> alias + "." + k + " = t0."
                        + fedBy(primary, sourceColumnOf(table, k), mapping)).collect(Collectors.joining(" AND "));
                String joinedKey = table.key().stream().filter(k -> primaryKey.equals("t0." + fedBy(primary,
                        sourceColumnOf(table, k), mapping))).findFirst().orElse(null);
                targetJoins.add(new Join(table.table() + " " + alias, on, !ordered && joinedKey != null
                        ? alias + "." + joinedKey : null));
            }
            Map<String, PgType> targetColumns = targetTypes.apply(table.table());
            for (ColumnMapping column : table.columns()) {
                if (table.key().contains(column.targetColumn()) && keyColumns.contains(column.sourceColumn())) {
                    continue; // the key itself: compared as the key
                }
                String name = table.table().table() + "." + column.targetColumn();
                String sourceExpression = "s." + column.sourceColumn();
                PgType sourceType = type(sourceColumns, mapping.source(), column.sourceColumn());
                if (column.conversion() != null) {
                    String sql = CONVERSIONS.get(column.conversion().name());
                    if (sql == null) {
                        throw new IllegalStateException("Conversion '" + column.conversion().name() + "' of " + name
                                + " has no SQL form; the verifier knows " + CONVERSIONS.keySet());
                    }
                    sourceExpression = sql.formatted(sourceExpression);
                    // The conversions work on strings; a char(n) source keeps its blank-padded meaning.
                    sourceType = sourceType.is("bpchar") ? sourceType : PgType.TEXT;
                }
                if (column.keyUuidWhenNull()) {
                    // The UUID the applier generated for a null, computed the same way.
                    sourceExpression = "coalesce(" + sourceExpression + ", " + NameUuid.sql(table.table(), table.key()
                            .stream().map(k -> "s." + sourceColumnOf(table, k)).toList()) + ")";
                }
                PgType targetType = type(targetColumns, table.table(), column.targetColumn());
                Normalised normalised = normalise(sourceType, targetType, rules.timestampPrecisionOf(name),
                        rules.numericScaleOf(name));
                names.add(name);
                sourceHashed.add(normalised.hashed(sourceExpression));
                sourceTexts.add(normalised.text(sourceExpression));
                targetHashed.add(normalised.hashed(alias + "." + column.targetColumn()));
                targetTexts.add(normalised.text(alias + "." + column.targetColumn()));
            }
        }
        for (String ruled : rules.columns().keySet()) {
            if (!names.contains(ruled)) {
                throw new IllegalStateException("Compare rule for '" + ruled + "': not a mapped service column of "
                        + mapping.source() + "; mapped: " + names);
            }
        }
        // What the reverse direction carries back, on each side: the row's own reverse-when and its parent's (p).
        List<String> sourceFilter = new ArrayList<>();
        List<String> targetFilter = new ArrayList<>();
        for (RowCondition condition : primary.reverseWhen()) {
            sourceFilter.add("s." + sourceColumnOf(primary, condition.column()) + sql(condition));
            targetFilter.add("t0." + condition.column() + sql(condition));
        }
        String sourceFrom = mapping.source() + " s";
        String parentJoin = "";
        if (parent != null && !parent.primary().reverseWhen().isEmpty()) {
            ParentRelation relation = java.util.Objects.requireNonNull(mapping.parent());
            if (reverse) {
                sourceFrom += " LEFT JOIN " + parent.source() + " p ON " + relation.key().entrySet().stream()
                        .map(e -> "p." + e.getValue() + " = s." + e.getKey()).collect(Collectors.joining(" AND "));
            }
            parentJoin = " LEFT JOIN " + parent.primary().table() + " p ON " + relation.targetJoin(mapping, parent)
                    .entrySet().stream().map(e -> "p." + e.getValue() + " = t0." + e.getKey())
                    .collect(Collectors.joining(" AND "));
            for (RowCondition condition : parent.primary().reverseWhen()) {
                sourceFilter.add("p." + sourceColumnOf(parent.primary(), condition.column()) + sql(condition));
                targetFilter.add("p." + condition.column() + sql(condition));
            }
        }
        List<String> sourceKeys = keyColumns.stream().map(k -> "s." + k).toList();
        List<String> targetKeys = keyColumns.stream().map(k -> "t0." + fedBy(primary, k, mapping)).toList();
        Function<List<String>, @Nullable OrderedKey> sourceOrdered = keys -> ordered ? orderedKey(keyColumns, keys,
                t -> type(sourceColumns, mapping.source(), t), t -> type(primaryColumns, primary.table(),
                        fedBy(primary, t, mapping)), true) : null;
        Function<List<String>, @Nullable OrderedKey> targetOrdered = keys -> ordered ? orderedKey(keyColumns, keys,
                t -> type(primaryColumns, primary.table(), fedBy(primary, t, mapping)), t -> type(sourceColumns,
                        mapping.source(), t), false) : null;
        @Nullable OrderedKey targetKey = targetOrdered.apply(targetKeys);
        // The service side as it is: the primary row left joined with its dependents.
        Side joined = new Side(targetTable, targetJoins, targetTable, primaryKey, targetHashed, targetTexts, targetKey);
        String targetFrom = joined.from() + parentJoin;
        String kept = targetFilter.isEmpty() ? null : targetKey != null
                ? "SELECT " + targetKey.values() + " FROM " + targetFrom + " WHERE " + targetKey.in()
                        + " GROUP BY " + targetKey.values() + " HAVING bool_and(NOT coalesce("
                        + String.join(" AND ", targetFilter) + ", false))"
                : "SELECT " + primaryKey + "::bigint FROM " + targetFrom + " WHERE " + primaryKey
                        + " = ANY(?::bigint[]) GROUP BY 1 HAVING bool_and(NOT coalesce("
                        + String.join(" AND ", targetFilter) + ", false))";
        if (!reverse) {
            // Forward compares every row; a service row the reverse direction would not carry back (and that the
            // legacy side does not hold) is told apart afterwards, with keptInService().
            sourceFilter.clear();
            targetFilter.clear();
        }
        Side sourceSide = side(sourceFrom, sourceKeys, sourceHashed, sourceTexts, sourceFilter,
                grouped ? mapping.key().subList(1, mapping.key().size()).stream().map(k -> "s." + k).toList()
                        : null, sourceOrdered);
        Side targetSide = grouped || !targetFilter.isEmpty()
                ? side(reverse ? targetFrom : joined.from(), targetKeys, targetHashed, targetTexts, targetFilter,
                        grouped ? mapping.key().subList(1, mapping.key().size()).stream()
                                .map(k -> "t0." + fedBy(primary, k, mapping)).toList() : null, targetOrdered)
                : joined;
        return new CanonicalRows(mapping, keyColumns, names, sourceSide, targetSide, kept);
    }

    private static String sql(RowCondition condition) {
        return condition.in() == null ? " IS NOT NULL" : " IN (" + condition.in().stream().sorted()
                .map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")";
    }

    /**
     * One side as it is, or, when filtered or grouped, wrapped as a derived table {@code g(k, h0.., x0..)}: the range
     * predicates on {@code g.k} are pushed down into it by PostgreSQL, so they still use the key's index.
     *
     * @param orderBy for a grouped side, the rest of the key, which orders the rows within a group
     */
    private static Side side(String from, List<String> keys, List<String> hashed, List<String> texts,
            List<String> filter, @Nullable List<String> orderBy,
            Function<List<String>, @Nullable OrderedKey> ordered) {
        String key = keys.get(0);
        if (filter.isEmpty() && orderBy == null) {
            String table = from.substring(0, from.indexOf(' ')) + " s";
            return new Side(from, table, key, hashed, texts, ordered.apply(keys));
        }
        String order = orderBy == null ? "" : " ORDER BY " + String.join(", ", orderBy);
        List<String> columns = new ArrayList<>();
        List<String> gHashed = new ArrayList<>();
        List<String> gTexts = new ArrayList<>();
        for (int i = 0; i < hashed.size(); i++) {
            columns.add((orderBy == null ? hashed.get(i) : "array_agg(" + hashed.get(i) + order + ")") + " AS h" + i);
            columns.add((orderBy == null ? texts.get(i) : "array_agg(" + texts.get(i) + order + ")::text") + " AS x"
                    + i);
            gHashed.add("g.h" + i);
            gTexts.add("g.x" + i);
        }
        // The derived table's key columns: k for a single one (the integer key), k0, k1… for an ordered composite key.
        List<String> aliases = keys.size() == 1 ? List.of("k")
                : IntStream.range(0, keys.size()).mapToObj(i -> "k" + i).toList();
        String keyColumns = IntStream.range(0, keys.size()).mapToObj(i -> keys.get(i) + " AS " + aliases.get(i))
                .collect(Collectors.joining(", "));
        String derived = "(SELECT " + keyColumns + (columns.isEmpty() ? "" : ", " + String.join(", ", columns))
                + " FROM " + from + (filter.isEmpty() ? "" : " WHERE " + String.join(" AND ", filter))
                + (orderBy == null ? "" : " GROUP BY " + key) + ") g";
        List<String> gKeys = aliases.stream().map(a -> "g." + a).toList();
        return new Side(derived, derived, gKeys.get(0), gHashed, gTexts, ordered.apply(gKeys));
    }

    TableMapping mapping() {
        return mapping;
    }

    /** The legacy key columns a row is told apart by: the key's first for an integer key, else all of them. */
    List<String> keyColumns() {
        return keyColumns;
    }

    /**
     * How one side reads an ordered key: each key column as its canonical value, normalised against the other
     * side's type of the same column as any value is.
     */
    private static OrderedKey orderedKey(List<String> keyColumns, List<String> expressions,
            Function<String, PgType> own, Function<String, PgType> other, boolean source) {
        List<String> types = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            PgType mine = own.apply(keyColumns.get(i));
            PgType theirs = other.apply(keyColumns.get(i));
            types.add(mine.name());
            Normalised normalised = source ? normalise(mine, theirs, TimestampPrecision.MICROS, null)
                    : normalise(theirs, mine, TimestampPrecision.MICROS, null);
            parts.add(mine.isInteger() && theirs.isInteger() ? "(" + expressions.get(i) + ")::bigint"
                    : normalised.text(expressions.get(i)));
        }
        return OrderedKey.of(expressions, types, parts);
    }

    /** The compared service columns, {@code table.column}, in the order of the row values. */
    List<String> columns() {
        return columns;
    }

    Side source() {
        return source;
    }

    Side target() {
        return target;
    }

    /**
     * On the service side, parameter a bigint array of keys: those of them whose rows the reverse direction would
     * not carry back, by their own {@code reverse-when} or their parent's (for a grouped key, none of the group's
     * rows); null when the mapping has no such condition.
     */
    @Nullable String keptInService() {
        return keptInService;
    }

    /** How one column is cast on both sides before hashing; {@code %s} stands for the column expression. */
    private record Normalised(String cast, boolean trimScale) {

        String hashed(String expression) {
            return cast.formatted(expression);
        }

        String text(String expression) {
            // Equal numbers hash equally whatever their scale (10.5 = 10.50); their text must agree too.
            return (trimScale ? "trim_scale(" + hashed(expression) + ")" : hashed(expression)) + "::text";
        }
    }

    private static Normalised normalise(PgType source, PgType target, TimestampPrecision precision,
            @Nullable Integer scale) {
        char category = source.category() == target.category() ? source.category() : 'X';
        switch (category) {
            case 'S' -> {
                // char(n) ignores trailing blanks; varchar and text keep them. Compare as char(n) does when mixed.
                // (char(n)::text already drops them, so two char(n) sides need no rtrim.)
                boolean mixed = source.is("bpchar") != target.is("bpchar");
                return new Normalised(mixed ? "rtrim((%s)::text, ' ')" : "(%s)::text", false);
            }
            case 'N' -> {
                if (source.isInteger() && target.isInteger()) {
                    return new Normalised("(%s)::bigint", false);
                }
                return new Normalised(scale == null ? "(%s)::numeric" : "round((%s)::numeric, " + scale + ")", true);
            }
            case 'D' -> {
                if (source.is("date") && target.is("date")) {
                    return new Normalised("(%s)::date", false);
                }
                if (source.is("timestamp", "timestamptz", "date") && target.is("timestamp", "timestamptz", "date")) {
                    // A cast to timestamptz(p) rounds as a column of that precision stores; a timestamp without
                    // time zone is read as UTC (the verifier's session time zone).
                    return new Normalised("(%s)::timestamptz"
                            + (precision == TimestampPrecision.MICROS ? "" : "(" + precision.digits() + ")"), false);
                }
                return new Normalised("(%s)::text", false);
            }
            case 'B' -> {
                return new Normalised("(%s)::boolean", false);
            }
            default -> {
                if (source.is("json", "jsonb") && target.is("json", "jsonb")) {
                    return new Normalised("(%s)::jsonb", false);
                }
                if (source.is("uuid") && target.is("uuid")) {
                    return new Normalised("(%s)::uuid", false);
                }
                return new Normalised("(%s)::text", false);
            }
        }
    }

    private static String fedBy(TargetTable primary, String sourceColumn, TableMapping mapping) {
        return primary.columns().stream()
                .filter(c -> c.sourceColumn().equals(sourceColumn) && primary.key().contains(c.targetColumn()))
                .map(ColumnMapping::targetColumn).findFirst()
                .orElseThrow(() -> new IllegalStateException(primary.table() + " carries no key column fed by "
                        + mapping.source() + "." + sourceColumn));
    }

    private static String sourceColumnOf(TargetTable table, String targetColumn) {
        return table.columns().stream().filter(c -> c.targetColumn().equals(targetColumn))
                .map(ColumnMapping::sourceColumn).findFirst()
                .orElseThrow(() -> new IllegalStateException(table.table() + "." + targetColumn + " is not mapped"));
    }

    private static PgType type(Map<String, PgType> columns, TableName table, String column) {
        PgType type = columns.get(column);
        if (type == null) {
            throw new IllegalStateException(table + " has no column " + column);
        }
        return type;
    }
}
