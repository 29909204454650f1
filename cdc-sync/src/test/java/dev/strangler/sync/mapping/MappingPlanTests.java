package dev.strangler.sync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.mapping.RowChange.Kind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingPlanTests {

    private final PipelineDefinition pipeline = new PipelineFiles(ValueConversions.discovered(),
            Placeholders.from(Map.<String, String>of()::get)).read("test.yaml",
                    new ByteArrayInputStream(PipelineFilesTests.valid().getBytes(StandardCharsets.UTF_8)));
    private final TableName customers = TableName.parse("customers");
    private final TableName customer = TableName.parse("customer");
    private final TableName address = TableName.parse("customer_address");

    @Test
    void splitsALegacyRowIntoCustomerAndAddressRenamingAndConvertingColumns() {
        List<RowWrite> writes = pipeline.plan(Direction.FORWARD)
                .map(new RowChange(customers, Kind.INSERT, null, legacyRow(7L, "Ada", "Berlin", "de")));

        assertThat(writes).containsExactly(
                new RowWrite.Upsert(customer, List.of("id"), Map.of("id", 7L, "given_name", "Ada", "revision", 3L),
                        "revision"),
                new RowWrite.Upsert(address, List.of("customer_id"),
                        Map.of("customer_id", 7L, "city", "Berlin", "country_code", "DE"), null));
    }

    @Test
    void deletesTheAddressRowWhenEveryAddressColumnBecameNull() {
        List<RowWrite> writes = pipeline.plan(Direction.FORWARD).map(new RowChange(customers, Kind.UPDATE,
                legacyRow(7L, "Ada", "Berlin", "DE"), legacyRow(7L, "Ada", null, null)));

        assertThat(writes).last().isEqualTo(new RowWrite.Delete(address, Map.of("customer_id", 7L)));
    }

    @Test
    void deletesDependentRowsBeforeThePrimaryRow() {
        List<RowWrite> writes = pipeline.plan(Direction.FORWARD)
                .map(new RowChange(customers, Kind.DELETE, legacyRow(7L, "Ada", "Berlin", "DE"), null));

        assertThat(writes).extracting(RowWrite::table).containsExactly(address, customer);
    }

    @Test
    void foldsServiceRowsBackIntoTheLegacyRow() {
        MappingPlan reverse = pipeline.plan(Direction.REVERSE);
        assertThat(reverse.capturedTables()).containsExactly(customer, address);

        assertThat(reverse.map(new RowChange(customer, Kind.INSERT, null,
                Map.of("id", 9L, "given_name", "Bo", "revision", 0L)))).containsExactly(new RowWrite.Upsert(
                        customers, List.of("id"), Map.of("id", 9L, "first_name", "Bo", "version", 0L), "version"));
        Map<String, Object> cleared = new HashMap<>();
        cleared.put("city", null);
        cleared.put("country", null);
        assertThat(reverse.map(new RowChange(address, Kind.DELETE,
                Map.of("customer_id", 9L, "city", "Ulm", "country_code", "DE"), null)))
                .containsExactly(new RowWrite.UpdateColumns(customers, Map.of("id", 9L), cleared));
    }

    private static Map<String, Object> legacyRow(long id, String firstName, String city, String country) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("first_name", firstName);
        row.put("version", 3L);
        row.put("city", city);
        row.put("country", country);
        return row;
    }
}
