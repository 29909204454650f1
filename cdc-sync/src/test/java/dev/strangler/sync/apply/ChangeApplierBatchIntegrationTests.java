package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The applier sends runs of upserts and deletes as JDBC batches (multi-row upserts): a row written several times in
 * one batch, a unique column handed from one row to another, and a failing write keep exactly the meaning of one
 * statement per write. One table without foreign keys (so that every write joins a run), applied by a
 * {@link ChangeApplier} to a real PostgreSQL database batch by batch as a capture stream would hand them over.
 */
class ChangeApplierBatchIntegrationTests {

    private static final TableName ITEMS = TableName.parse("items");
    private static final String SCHEMA = "CREATE TABLE items (id bigint PRIMARY KEY, name varchar(100) NOT NULL "
            + "UNIQUE, version bigint NOT NULL)";

    @RegisterExtension
    final PairOfDatabases<PipelineDatabases> pair = PairOfDatabases.sameSchema("items", "items_copy", SCHEMA);
    private final PipelineDatabases databases = pair.databases();
    private final PipelineDefinition pipeline = databases.oneTablePipeline("items", "items", "id",
            List.of("id", "name", "version"), "version-column: version");
    private final ChangeApplier applier = pair.openForwardApplier(pipeline);
    private long lsn = 100;

    @Test
    void appliesRepeatedWritesOfOneRowInOneBatchInTheirOrder() throws Exception {
        List<SourceChange> batch = new ArrayList<>();
        for (long id = 1; id <= 1_200; id++) {
            batch.add(insert(item(id, "item" + id, 0)));
        }
        // The same rows again in the same batch: updated twice, deleted, deleted and inserted again; then a name
        // that only becomes free by a later write of another row.
        batch.add(update(item(7, "item7", 0), item(7, "seventh", 1)));
        batch.add(update(item(7, "seventh", 1), item(7, "seventh again", 2)));
        batch.add(delete(item(8, "item8", 0)));
        batch.add(delete(item(9, "item9", 0)));
        batch.add(insert(item(9, "ninth reborn", 3)));
        batch.add(update(item(10, "item10", 0), item(10, "renamed", 1)));
        batch.add(insert(item(1_201, "item10", 0)));

        applier.apply(batch, null);

        assertThat(databases.count(databases.service(), "SELECT count(*) FROM items")).isEqualTo(1_200);
        assertThat(databases.rows(databases.service(), "SELECT id, name, version FROM items WHERE id IN "
                + "(6, 7, 8, 9, 10, 1201) ORDER BY 1")).containsExactly(List.of("6", "item6", "0"),
                        List.of("7", "seventh again", "2"), List.of("9", "ninth reborn", "3"),
                        List.of("10", "renamed", "1"), List.of("1201", "item10", "0"));
        assertThat(applier.storedPosition()).map(SourcePosition::lsn).contains(lsn);
    }

    @Test
    void aWriteThatFailsInABatchLeavesNothingOfItAndNotItsPosition() throws Exception {
        applier.apply(List.of(insert(item(1, "kept", 0))), null);
        long applied = lsn;
        List<SourceChange> batch = new ArrayList<>();
        for (long id = 2; id <= 50; id++) {
            batch.add(insert(item(id, "lost" + id, 0)));
        }
        batch.add(insert(item(51, "x".repeat(101), 0)));

        assertThatThrownBy(() -> applier.apply(batch, null)).isInstanceOf(SQLException.class)
                .hasMessageContaining("too long");

        assertThat(databases.rows(databases.service(), "SELECT id, name FROM items"))
                .containsExactly(List.of("1", "kept"));
        assertThat(applier.storedPosition()).map(SourcePosition::lsn).contains(applied);
        // The applier goes on with the next batch as before.
        applier.apply(List.of(insert(item(2, "next", 0))), null);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM items")).isEqualTo(2);
    }

    private SourceChange insert(Map<String, @Nullable Object> row) {
        return change(new RowChange(ITEMS, RowChange.Kind.INSERT, null, row));
    }

    private SourceChange update(Map<String, @Nullable Object> before, Map<String, @Nullable Object> after) {
        return change(new RowChange(ITEMS, RowChange.Kind.UPDATE, before, after));
    }

    private SourceChange delete(Map<String, @Nullable Object> row) {
        return change(new RowChange(ITEMS, RowChange.Kind.DELETE, row, null));
    }

    private SourceChange change(RowChange row) {
        lsn += 10;
        return new SourceChange(SourceChange.Kind.ROW, row, new SourcePosition("{}", lsn, lsn, false),
                System.currentTimeMillis(), null, null);
    }

    private static Map<String, @Nullable Object> item(long id, String name, long version) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", name);
        row.put("version", version);
        return row;
    }
}
