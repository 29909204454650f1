package dev.strangler.sync.pipeline;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.mapping.ColumnMapping;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stops a stream before it applies a change that lacks a column the mapping reads: a mapped column dropped in the
 * captured database would otherwise be written as null on the other side, silently. The batch is not applied and
 * not marked processed, so nothing is lost; the error names table and column.
 *
 * <p>Once the column is back in the captured table (restored), the changes written while it was missing are carried
 * with it as null, which is what the restored column holds for them; the stream then resumes where it stopped.
 */
public final class MappedColumns {

    private final DatabaseEndpoint captured;
    private final Map<TableName, Set<String>> required = new LinkedHashMap<>();
    private final Map<TableName, Set<String>> keys = new LinkedHashMap<>();
    private final Set<String> restored = new HashSet<>();

    public MappedColumns(PipelineDefinition pipeline, Direction direction) {
        this.captured = pipeline.captured(direction);
        for (TableMapping mapping : pipeline.tables()) {
            if (direction == Direction.FORWARD) {
                Set<String> columns = new LinkedHashSet<>(mapping.key());
                mapping.targets().forEach(t -> t.columns().forEach(c -> columns.add(c.sourceColumn())));
                required.put(mapping.source(), columns);
                keys.put(mapping.source(), new LinkedHashSet<>(mapping.key()));
            }
            else {
                for (TargetTable target : mapping.targets()) {
                    required.put(target.table(), new LinkedHashSet<>(
                            target.columns().stream().map(ColumnMapping::targetColumn).toList()));
                    keys.put(target.table(), new LinkedHashSet<>(target.key()));
                }
            }
        }
    }

    /**
     * @throws MissingColumnException when a change lacks a mapped column that the captured table no longer has
     */
    public void check(List<SourceChange> changes) throws SQLException {
        for (SourceChange change : changes) {
            RowChange row = change.row();
            if (change.kind() != SourceChange.Kind.ROW || row == null) {
                continue;
            }
            // A delete only needs the key; every other change needs each mapped column.
            Map<String, ?> image = row.kind() == RowChange.Kind.DELETE ? row.before() : row.after();
            Set<String> needed = row.kind() == RowChange.Kind.DELETE ? keys.get(row.table()) : required.get(row.table());
            if (image == null || needed == null) {
                continue;
            }
            for (String column : needed) {
                if (!image.containsKey(column) && !restored.contains(row.table() + "." + column)) {
                    if (!exists(row.table(), column)) {
                        throw new MissingColumnException(row.table(), column);
                    }
                    restored.add(row.table() + "." + column);
                }
            }
        }
    }

    private boolean exists(TableName table, String column) throws SQLException {
        try (Connection connection = captured.connect();
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM information_schema.columns "
                        + "WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
            query.setString(1, table.schema());
            query.setString(2, table.table());
            query.setString(3, column);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A captured change lacks a column the mapping reads, and the captured table no longer has it. */
    public static final class MissingColumnException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingColumnException(TableName table, String column) {
            super("mapped column " + table + "." + column + " is missing from the captured table (dropped?); the "
                    + "stream stopped before applying the change, nothing was lost. Restore the column (or change the "
                    + "mapping) and start the pipeline again");
        }
    }
}
