package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.MappingPlan;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.RowWrite;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.stray.StrayWrite;
import dev.strangler.sync.stray.StrayWrites;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Carries one recorded stray write to the service: reads the legacy row's <em>current</em> state by its key and
 * applies it through the forward mapping (an upsert with the version guard; a delete when the row is gone), on a
 * session tagged with the forward stream's origin, so that the running reverse direction does not carry it back.
 * The record is marked replayed in the same transaction.
 */
final class StrayWriteReplay {

    private StrayWriteReplay() {
    }

    /** What the replay did: {@code UPSERT} (the row exists) or {@code DELETE} (it is gone). */
    record Outcome(StrayWrite write, String applied) {
    }

    static Outcome run(StrayWrite write, TableMapping mapping, DatabaseEndpoint legacy, MappingPlan plan,
            ChangeApplier applier, StrayWrites records, String reason) throws SQLException {
        Map<String, @Nullable Object> row = currentRow(mapping, legacy, write.key());
        RowChange change = row != null ? new RowChange(mapping.source(), RowChange.Kind.READ, null, row)
                : new RowChange(mapping.source(), RowChange.Kind.DELETE, new LinkedHashMap<>(write.key()), null);
        applier.exclusively(target -> {
            for (RowWrite mapped : plan.map(change)) {
                ChangeApplier.write(target, mapped);
            }
            records.markReplayed(target, write.id(), reason);
            return null;
        });
        return new Outcome(write, row != null ? "UPSERT" : "DELETE");
    }

    private static @Nullable Map<String, @Nullable Object> currentRow(TableMapping mapping, DatabaseEndpoint legacy,
            Map<String, @Nullable Object> key) throws SQLException {
        StringBuilder where = new StringBuilder();
        for (String column : mapping.key()) {
            if (!key.containsKey(column)) {
                throw new IllegalStateException("The recorded key " + key + " lacks key column " + column + " of "
                        + mapping.source());
            }
            where.append(where.isEmpty() ? "" : " AND ").append(column).append(" = ?");
        }
        try (Connection read = legacy.connect();
                // Table and columns come from the pipeline file (validated identifiers); values are bound.
                PreparedStatement select = read.prepareStatement("SELECT * FROM " + mapping.source() + " WHERE "
                        + where)) {
            int i = 1;
            for (String column : mapping.key()) {
                Object value = key.get(column);
                // Untyped, so that the server reads the recorded value as the key column's type (int, uuid, text).
                select.setObject(i++, value == null ? null : value.toString(), Types.OTHER);
            }
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                ResultSetMetaData meta = rs.getMetaData();
                Map<String, @Nullable Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    row.put(meta.getColumnName(c), TableResync.value(rs, c, meta.getColumnTypeName(c)));
                }
                return row;
            }
        }
    }
}
