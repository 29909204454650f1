package dev.strangler.sync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                .hasMessageContaining("bad.yaml:4: directoin: unknown key");
        assertThatThrownBy(() -> read(valid().replace("jdbc-url: jdbc:postgresql://localhost/shop", "jdbc-url: \"${SHOP_URL}\"")))
                .hasMessageContaining("source.jdbc-url: no value for placeholder ${SHOP_URL}");
        assertThatThrownBy(() -> read(valid().replace("direction: forward", "direction: sideways")))
                .hasMessageContaining("bad.yaml:4: direction: 'sideways' is not one of [forward, reverse]");
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
                    assertThat(ex.reason()).contains("'always' is not one of [unchanged, full]");
                });
        assertThatThrownBy(() -> read(valid().replace("direction: forward",
                "direction: forward\ncapture: { replica-identiy: full }")))
                .hasMessageContaining("bad.yaml:5: capture.replica-identiy: unknown key");
    }

    @Test
    void readsTheShippedOrdersPipelineWithItsLookupAndReverseConditions() throws Exception {
        try (InputStream yaml = getClass().getResourceAsStream("/pipelines/orders.yaml")) {
            PipelineDefinition pipeline = files.read("orders.yaml", yaml);
            assertThat(pipeline.replicaIdentity()).isEqualTo(ReplicaIdentityMode.FULL);
            TargetTable order = pipeline.tables().get(0).targets().get(0);
            assertThat(order.lookups()).singleElement().satisfies(lookup -> {
                assertThat(lookup.targetColumn()).isEqualTo("customer_name");
                assertThat(lookup.separator()).isEqualTo(" ");
                assertThat(lookup.otherwise()).isEqualTo("(unknown customer)");
            });
            assertThat(order.reverseWhen()).singleElement()
                    .isEqualTo(new RowCondition("status", new java.util.LinkedHashSet<>(List.of("PAID", "CANCELLED"))));
            assertThat(pipeline.tables().get(1).targets().get(0).reverseWhen()).extracting(RowCondition::column)
                    .containsExactly("product_name", "unit_price_cents");
        }
    }

    @Test
    void shippedPipelinesPointEditorsAtThePublishedSchema() throws Exception {
        Path resources = Path.of("src/main/resources");
        for (String name : List.of("customers.yaml", "orders.yaml")) {
            Path pipeline = resources.resolve("pipelines").resolve(name);
            String first = Files.readAllLines(pipeline).get(0);
            assertThat(first).isEqualTo("# yaml-language-server: $schema=../schema/pipeline.schema.json");
            assertThat(pipeline.getParent().resolve("../schema/pipeline.schema.json").normalize())
                    .isEqualTo(resources.resolve(PipelineFiles.SCHEMA.substring(1))).isRegularFile();
        }
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            optional: true           | optinal: true                     | 15 | tables[0].targets[1].optinal | unknown key (known: [table, key, columns, optional, version-column, reverse-when])
            key: [customer_id]       | key: customer_id                  | 14 | tables[0].targets[1].key | must be a list but is 'customer_id'
            optional: true           | optional: "yes"                   | 15 | tables[0].targets[1].optional | must be a boolean but is 'yes'
            key: [id]                | key: []                           | 7  | tables[0].key | needs at least 1 item(s)
            username: app }          | username: app, password: 1234 }   | 2  | source.password | must be a string or a null but is '1234'
            username: app }          | username: app, username: other }  | 2  | source.username | duplicate key
            - table: customer_address | - table: Customer_Address       | 13 | tables[0].targets[1].table | 'Customer_Address' does not match ^([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}$
            city: city               | City: city                        | 18 | tables[0].targets[1].columns.City | 'City' is not a valid key: it does not match ^[a-z_][a-z0-9_]{0,62}$
            from: country, convert   | from: country, into: code, convert | 19 | tables[0].targets[1].columns.country_code.into | unknown key (known: [from, convert, when-null, lookup])
            """)
    void refusesAMalformedFileNamingFileLineKeyAndReason(String original, String replacement, int line, String key,
            String reason) {
        String yaml = valid().replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(replacement));
        assertThat(yaml).isNotEqualTo(valid());

        assertThatThrownBy(() -> read(yaml)).isInstanceOfSatisfying(PipelineConfigException.class, ex -> {
            assertThat(ex.file()).isEqualTo("bad.yaml");
            assertThat(ex.line()).isEqualTo(line);
            assertThat(ex.key()).isEqualTo(key);
            assertThat(ex.reason()).isEqualTo(reason);
            assertThat(ex.getMessage()).isEqualTo("bad.yaml:" + line + ": " + key + ": " + reason);
        });
    }

    @Test
    void namesTheLineOfAProblemOnlyTheCodeCanSee() {
        assertThatThrownBy(() -> read(valid().replace("customer_id: id", "customer_id: email")))
                .isInstanceOfSatisfying(PipelineConfigException.class, ex -> {
                    assertThat(ex.line()).isEqualTo(17);
                    assertThat(ex.getMessage()).startsWith("bad.yaml:17: tables[0].targets[1].columns.customer_id: "
                            + "a key column must be filled from a source key column [id]");
                });
    }

    @Test
    void resolvesPlaceholdersOnlyWhereTheSchemaTakesThem() {
        PipelineFiles withEnvironment = new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.of(
                "SHOP_URL", "jdbc:postgresql://db/shop", "START", "false")::get));
        String yaml = valid().replace("jdbc-url: jdbc:postgresql://localhost/shop", "jdbc-url: \"${SHOP_URL}\"")
                .replace("direction: forward", "direction: forward\nauto-start: ${START:true}");

        PipelineDefinition pipeline = withEnvironment.read("env.yaml",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));

        assertThat(pipeline.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db/shop");
        assertThat(pipeline.autoStart()).isFalse();
        assertThatThrownBy(() -> read(valid().replace("- source: customers", "- source: ${TABLE}")))
                .hasMessageContaining("bad.yaml:6: tables[0].source: '${TABLE}' does not match");
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
