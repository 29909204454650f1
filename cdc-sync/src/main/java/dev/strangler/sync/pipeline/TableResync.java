package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.apply.SourceLookup;
import dev.strangler.sync.mapping.ColumnMapping;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.MappingPlan;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.RowLookup;
import dev.strangler.sync.mapping.RowWrite;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TargetTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Copies one mapped source table to the target again, through the mapping, while the stream keeps running: every
 * source row is upserted into its target rows (the version guard applies), and target rows whose source row no longer
 * exists are deleted. Derived ({@code lookup}) columns are read in the same source snapshot as the copied rows.
 *
 * <p>Runs on the applier's session between two batches ({@link ChangeApplier#exclusively}): the source is read in
 * one snapshot taken <em>after</em> the last applied batch, so a copied row is never older than what the stream has
 * applied; changes the stream has not applied yet are older than or equal to the snapshot's and follow as usual, so
 * the target converges to the source. The writes carry the applier's replication origin, so a running opposite
 * direction never carries them back.
 */
final class TableResync {

    private static final int FETCH = 1000;

    private TableResync() {
    }

    static ResyncSummary run(String stream, TableMapping mapping, DatabaseEndpoint source, MappingPlan plan,
            ChangeApplier applier) throws SQLException {
        long started = System.nanoTime();
        long[] counts = applier.exclusively(target -> copy(stream, mapping, source, plan, target));
        return new ResyncSummary(mapping.source().toString(), counts[0], counts[1],
                (System.nanoTime() - started) / 1_000_000);
    }

    private static long[] copy(String stream, TableMapping mapping, DatabaseEndpoint source, MappingPlan plan,
            Connection target) throws SQLException {
        Set<List<String>> sourceKeys = new HashSet<>();
        long copied = 0;
        try (Connection read = source.connect()) {
            read.setAutoCommit(false);
            read.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            read.setReadOnly(true);
            // Derived (lookup) columns are read in the same snapshot as the rows they belong to.
            RowLookup lookup = SourceLookup.within(read);
            // The first statement takes the snapshot; every change it sees lies before this WAL position, so the
            // copy carries across a TRUNCATE before it and the stream may pass that truncate (ResyncMarks).
            String readAt;
            try (Statement position = read.createStatement();
                    ResultSet rs = position.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                readAt = rs.getString(1);
            }
            ResyncMarks.record(target, stream, mapping.source(), readAt);
            try (Statement select = read.createStatement()) {
                select.setFetchSize(FETCH);
                // The table name comes from the pipeline's configuration (validated identifiers), never the request.
                try (ResultSet rs = select.executeQuery("SELECT * FROM " + mapping.source())) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, @Nullable Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.put(meta.getColumnName(i), value(rs, i, meta.getColumnTypeName(i)));
                        }
                        sourceKeys.add(keyText(mapping.key(), row));
                        for (RowWrite write : plan.map(new RowChange(mapping.source(), RowChange.Kind.READ, null,
                                row), lookup)) {
                            ChangeApplier.write(target, write);
                        }
                        copied++;
                    }
                }
            }
            read.commit();
        }
        long deleted = 0;
        for (Map<String, @Nullable Object> key : orphanKeys(mapping, target, sourceKeys)) {
            for (RowWrite write : plan.map(new RowChange(mapping.source(), RowChange.Kind.DELETE, key, null))) {
                ChangeApplier.write(target, write);
            }
            deleted++;
        }
        return new long[] { copied, deleted };
    }

    /** Source keys of primary target rows that have no source row any more. */
    private static List<Map<String, @Nullable Object>> orphanKeys(TableMapping mapping, Connection target,
            Set<List<String>> sourceKeys) throws SQLException {
        TargetTable primary = mapping.primary();
        Map<String, String> targetColumnOf = new LinkedHashMap<>();
        for (String keyColumn : mapping.key()) {
            String column = primary.columns().stream().filter(c -> c.sourceColumn().equals(keyColumn))
                    .map(ColumnMapping::targetColumn).findFirst().orElseThrow(() -> new IllegalStateException(
                            primary.table() + " does not carry source key column " + keyColumn));
            targetColumnOf.put(keyColumn, column);
        }
        List<Map<String, @Nullable Object>> orphans = new ArrayList<>();
        try (Statement select = target.createStatement()) {
            select.setFetchSize(FETCH);
            try (ResultSet rs = select.executeQuery("SELECT " + String.join(", ", targetColumnOf.values()) + " FROM "
                    + primary.table())) {
                while (rs.next()) {
                    Map<String, @Nullable Object> key = new LinkedHashMap<>();
                    int i = 1;
                    for (String sourceColumn : targetColumnOf.keySet()) {
                        key.put(sourceColumn, rs.getObject(i++));
                    }
                    if (!sourceKeys.contains(keyText(mapping.key(), key))) {
                        orphans.add(key);
                    }
                }
            }
        }
        return orphans;
    }

    /** Keys compared as text, so that an int source key matches a bigint target key. */
    private static List<String> keyText(List<String> columns, Map<String, @Nullable Object> row) {
        List<String> key = new ArrayList<>(columns.size());
        columns.forEach(column -> key.add(String.valueOf(row.get(column))));
        return key;
    }

    /** The same Java types the change decoder produces for streamed rows. */
    static @Nullable Object value(ResultSet rs, int column, String type) throws SQLException {
        Object value = switch (type) {
            case "timestamptz" -> rs.getObject(column, OffsetDateTime.class);
            case "timestamp" -> rs.getObject(column, LocalDateTime.class);
            case "date" -> rs.getObject(column, LocalDate.class);
            case "time" -> rs.getObject(column, LocalTime.class);
            default -> rs.getObject(column);
        };
        // json, jsonb, arrays, enums and other PostgreSQL types travel as their text form (the applier sends
        // strings untyped, so the server parses them into the target column's type).
        if (value instanceof java.sql.Array || value instanceof org.postgresql.util.PGobject) {
            return rs.getString(column);
        }
        return value;
    }
}
