package dev.strangler.sync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineFilesTests {

    private final PipelineFiles files = new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.<String, String>of()::get));

    @Test
    void readsTheShippedCustomersPipeline() throws Exception {
        try (InputStream yaml = getClass().getResourceAsStream("/pipelines/customers.yaml")) {
            PipelineDefinition pipeline = files.read("customers.yaml", yaml);
            assertThat(pipeline.name()).isEqualTo("customers");
            assertThat(pipeline.direction()).isEqualTo(Direction.FORWARD);
            assertThat(pipeline.tables()).singleElement().satisfies(table -> {
                assertThat(table.source()).isEqualTo(TableName.parse("customers"));
                assertThat(table.targets()).extracting(t -> t.table().table())
                        .containsExactly("customer", "customer_address");
            });
        }
    }

    @Test
    void namesFileKeyAndReasonForAnUnknownConversion() {
        assertThatThrownBy(() -> read(valid().replace("convert: upper-case", "convert: shout")))
                .isInstanceOfSatisfying(PipelineConfigException.class, ex -> {
                    assertThat(ex.file()).isEqualTo("bad.yaml");
                    assertThat(ex.key()).isEqualTo("tables[0].targets[1].columns.country_code.convert");
                    assertThat(ex.reason()).contains("unknown conversion 'shout'");
                });
    }

    @Test
    void rejectsAKeyColumnThatIsNotFedByTheSourceKey() {
        assertThatThrownBy(() -> read(valid().replace("customer_id: id", "customer_id: email")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("tables[0].targets[1].columns.customer_id")
                .hasMessageContaining("source key column");
    }

    @Test
    void rejectsUnknownKeysAndMissingValues() {
        assertThatThrownBy(() -> read(valid().replace("direction: forward", "directoin: forward")))
                .hasMessageContaining("bad.yaml: directoin: unknown key");
        assertThatThrownBy(() -> read(valid().replace("jdbc-url: jdbc:postgresql://localhost/shop", "jdbc-url: \"${SHOP_URL}\"")))
                .hasMessageContaining("source.jdbc-url: no value for placeholder ${SHOP_URL}");
        assertThatThrownBy(() -> read(valid().replace("direction: forward", "direction: sideways")))
                .hasMessageContaining("direction: 'sideways' is not forward or reverse");
    }

    @Test
    void leavesReplicaIdentitiesAloneUnlessTheFileOptsIn() {
        assertThat(read(valid()).replicaIdentity()).isEqualTo(ReplicaIdentityMode.UNCHANGED);
        assertThat(read(valid().replace("direction: forward", "direction: forward\ncapture: { replica-identity: full }"))
                .replicaIdentity()).isEqualTo(ReplicaIdentityMode.FULL);
    }

    @Test
    void namesFileKeyAndReasonForABadReplicaIdentity() {
        assertThatThrownBy(() -> read(valid().replace("direction: forward",
                "direction: forward\ncapture: { replica-identity: always }")))
                .isInstanceOfSatisfying(PipelineConfigException.class, ex -> {
                    assertThat(ex.file()).isEqualTo("bad.yaml");
                    assertThat(ex.key()).isEqualTo("capture.replica-identity");
                    assertThat(ex.reason()).contains("'always' is not unchanged or full");
                });
        assertThatThrownBy(() -> read(valid().replace("direction: forward",
                "direction: forward\ncapture: { replica-identiy: full }")))
                .hasMessageContaining("bad.yaml: capture.replica-identiy: unknown key");
    }

    private PipelineDefinition read(String yaml) {
        return files.read("bad.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static String valid() {
        return """
                pipeline: customers
                source: { jdbc-url: jdbc:postgresql://localhost/shop, username: app }
                target: { jdbc-url: jdbc:postgresql://localhost/customers, username: app }
                direction: forward
                tables:
                  - source: customers
                    key: [id]
                    targets:
                      - table: customer
                        key: [id]
                        version-column: revision
                        columns: { id: id, given_name: first_name, revision: version }
                      - table: customer_address
                        key: [customer_id]
                        optional: true
                        columns:
                          customer_id: id
                          city: city
                          country_code: { from: country, convert: upper-case }
                """;
    }
}
