package dev.strangler.plans.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.sync.capture.ChangeDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class ConnectorConfigsTests {

    private static final Path CUSTOMERS = Path.of("../../cdc-sync/src/main/resources/pipelines/customers.yaml")
            .toAbsolutePath().normalize();
    private static final List<String> STACK_ARGUMENTS = List.of(
            "--STRANGLER_SHOP_DB_URL=jdbc:postgresql://db.example:5544/shop",
            "--STRANGLER_CUSTOMER_DB_URL=jdbc:postgresql://db.example:5544/customers",
            "--STRANGLER_ORDER_DB_URL=jdbc:postgresql://db.example:5544/orders");

    @Test
    void forwardCapturesTheSourceTablesIntoTheAppsSlotAndHandsTheSinkThePipelineFile() throws Exception {
        List<ConnectorConfigs.Connector> connectors = ConnectorConfigs.of(CUSTOMERS, null, STACK_ARGUMENTS,
                name -> null, ConnectorConfigs.Options.defaults());

        assertThat(connectors).extracting(ConnectorConfigs.Connector::name)
                .containsExactly("strangler-customers-forward-source", "strangler-customers-forward-sink");
        Map<String, String> source = connectors.get(0).config();
        assertThat(source).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("database.hostname", "db.example").containsEntry("database.port", "5544")
                .containsEntry("database.dbname", "shop").containsEntry("database.user", "postgres")
                .containsEntry("database.password", "")
                .containsEntry("slot.name", "strangler_customers_forward")
                .containsEntry("publication.name", "strangler_customers_forward")
                .containsEntry("publication.autocreate.mode", "filtered")
                .containsEntry("table.include.list", "public\\.customers")
                .containsEntry("snapshot.mode", "initial")
                .containsEntry("slot.stream.params", "origin=none")
                .containsEntry("message.prefix.include.list", ChangeDecoder.MARKER_PREFIX + ",strangler_heartbeat/.*")
                .containsEntry("transforms.heartbeats.type", "dev.strangler.sync.connect.HeartbeatToPartition");
        // One heartbeat per partition of the change topic, each moved into its partition by the transform.
        assertThat(source.get("heartbeat.action.query")).contains("'strangler.customers.forward.public.customers/0'",
                "'strangler.customers.forward.public.customers/1'", "'strangler.customers.forward.public.customers/2'")
                .doesNotContain("customers/3'");
        Map<String, String> sink = connectors.get(1).config();
        assertThat(sink).containsEntry("connector.class", ConnectorConfigs.SINK_CLASS)
                .containsEntry("topics", "strangler.customers.forward.public.customers")
                .containsEntry("strangler.pipeline", Files.readString(CUSTOMERS))
                .containsEntry("strangler.direction", "forward")
                .containsEntry("strangler.placeholder.STRANGLER_SHOP_DB_URL", "jdbc:postgresql://db.example:5544/shop")
                .doesNotContainKey("strangler.placeholder.STRANGLER_ORDER_DB_URL");
    }

    @Test
    void reverseCapturesTheServiceTablesWithoutASnapshot() {
        List<ConnectorConfigs.Connector> connectors = ConnectorConfigs.of(CUSTOMERS, "reverse", STACK_ARGUMENTS,
                name -> null, new ConnectorConfigs.Options(3, 2, 1000));

        assertThat(connectors.get(0).config()).containsEntry("database.dbname", "customers")
                .containsEntry("slot.name", "strangler_customers_reverse")
                .containsEntry("table.include.list", "public\\.customer,public\\.customer_address")
                .containsEntry("snapshot.mode", "no_data").containsEntry("heartbeat.interval.ms", "1000");
        assertThat(connectors.get(1).config()).containsEntry("tasks.max", "2").containsEntry("topics",
                "strangler.customers.reverse.public.customer,strangler.customers.reverse.public.customer_address");
    }

    @Test
    void aPipelineMovedFromCdcSyncResumesFromItsOffsetsWithoutASnapshot() {
        List<ConnectorConfigs.Connector> connectors = ConnectorConfigs.of(CUSTOMERS, null, STACK_ARGUMENTS,
                name -> null, ConnectorConfigs.Options.defaults(), true);

        assertThat(connectors.get(0).config()).containsEntry("snapshot.mode", "no_data")
                .containsEntry("slot.name", "strangler_customers_forward");
    }

    @Test
    void namesTheDatabasesAndTheStreamOfADirectionForTheMove() {
        ConnectorConfigs.Databases forward = ConnectorConfigs.databases(CUSTOMERS, null, STACK_ARGUMENTS,
                Map.of("STRANGLER_CUSTOMER_DB_PASSWORD", "s3cret")::get);
        ConnectorConfigs.Databases reverse = ConnectorConfigs.databases(CUSTOMERS, "reverse", STACK_ARGUMENTS,
                name -> null);

        assertThat(forward.captured().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5544/shop");
        assertThat(forward.applied().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5544/customers");
        assertThat(forward.applied().password()).as("the CLI's own connection").isEqualTo("s3cret");
        assertThat(forward.stream()).isEqualTo("strangler_customers_forward");
        assertThat(reverse.captured().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5544/customers");
        assertThat(reverse.stream()).isEqualTo("strangler_customers_reverse");
        assertThat(reverse.direction()).isEqualTo("reverse");
    }

    @Test
    void neverWritesAPasswordFromTheEnvironmentIntoAConfig() {
        Map<String, String> environment = Map.of("STRANGLER_SHOP_DB_PASSWORD", "s3cret");

        List<ConnectorConfigs.Connector> connectors = ConnectorConfigs.of(CUSTOMERS, null, STACK_ARGUMENTS,
                environment::get, ConnectorConfigs.Options.defaults());

        assertThat(connectors.get(0).config()).containsEntry("database.password", "${env:STRANGLER_SHOP_DB_PASSWORD}");
        assertThat(connectors).allSatisfy(connector -> assertThat(connector.config().values())
                .noneMatch(value -> value.contains("s3cret")));
    }

    @Test
    void refusesAPipelineFileWithoutTables(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("empty.yaml");
        Files.writeString(file, "pipeline: empty\nsource: {jdbc-url: 'jdbc:postgresql://h/db', username: u}\n");

        assertThatThrownBy(() -> ConnectorConfigs.of(file, null, List.of(), name -> null,
                ConnectorConfigs.Options.defaults())).hasMessage(file + ": tables: missing");
    }
    /**
     * The Kubernetes option deploy/kubernetes/options/strimzi-connect runs the customers pipeline on Connect: its two
     * KafkaConnectors must be what {@code strangler export connect customers --tasks 2} prints, except where a
     * cluster differs from one machine (the database's address and credentials, the pipeline read from a mounted file
     * instead of inline). A hand-kept copy that drifts loses the loop guard or reads a slot of another name.
     */
    @Test
    void theKubernetesConnectOptionRunsWhatExportPrints() throws Exception {
        Path manifest = Path.of("../../deploy/kubernetes/options/strimzi-connect/connectors.yaml");
        Map<String, Map<String, String>> deployed = new LinkedHashMap<>();
        for (Object document : new Yaml().loadAll(Files.readString(manifest))) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> resource = (Map<String, Map<String, Object>>) document;
            Map<String, Object> spec = resource.get("spec");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", String.valueOf(spec.get("class")));
            config.put("tasks.max", String.valueOf(spec.get("tasksMax")));
            ((Map<?, ?>) spec.get("config")).forEach((key, value) -> config.put(key.toString(), value.toString()));
            deployed.put(String.valueOf(resource.get("metadata").get("name")), config);
        }
        Set<String> clusterSide = Set.of("database.hostname", "database.port", "database.dbname", "database.user",
                "database.password", "strangler.pipeline", "strangler.pipeline.file");

        for (ConnectorConfigs.Connector exported : ConnectorConfigs.of(CUSTOMERS, null, STACK_ARGUMENTS,
                name -> null, new ConnectorConfigs.Options(3, 2, 10_000))) {
            assertThat(deployed).as(manifest + ": the KafkaConnectors").containsKey(exported.name());
            assertThat(withoutKeys(deployed.get(exported.name()), clusterSide))
                    .as(manifest + ": KafkaConnector " + exported.name())
                    .containsExactlyInAnyOrderEntriesOf(withoutKeys(exported.config(), clusterSide));
        }
        assertThat(deployed).as(manifest + ": only the exported connectors").hasSize(2);
    }

    /** {@code config} without the given keys and without the placeholders the export inlines. */
    private static Map<String, String> withoutKeys(Map<String, String> config, Set<String> keys) {
        Map<String, String> kept = new LinkedHashMap<>(config);
        kept.keySet().removeIf(key -> keys.contains(key) || key.startsWith("strangler.placeholder."));
        return kept;
    }
}
