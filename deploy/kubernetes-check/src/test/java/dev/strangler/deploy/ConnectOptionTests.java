package dev.strangler.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnector;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.strangler.deploy.Manifests.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka Connect option (options/strimzi-connect) on the sample shop, held to the connectors it runs: the kit's
 * sink (cdc-sync/connect-plugin) validates the configuration the manifest gives it, Debezium's PostgreSQL connector
 * knows every key of the source's, and the workers get the settings cdc-sync gets and the versions the kit is built
 * with. A Connect cluster is not needed: the connectors' own validation runs in this JVM.
 */
class ConnectOptionTests {

    /** A pipeline file's placeholder, {@code ${NAME:default}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)");

    /** A connector configuration's reference to the worker's environment (Kafka's EnvVarConfigProvider). */
    private static final Pattern WORKER_ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");

    private static final String POSTGRES_SOURCE = "io.debezium.connector.postgresql.PostgresConnector";

    @TempDir
    static Path scratch;

    private static List<HasMetadata> onConnect() {
        return Overlays.all(scratch).get(Overlays.SAMPLE_SHOP_ON_CONNECT);
    }

    @Test
    void theSinkIsTheKitsPluginOnTheSettingsCdcSyncHas() throws Exception {
        List<HasMetadata> resources = onConnect();
        GenericKubernetesResource connect = generic(resources, "KafkaConnect").get(0);
        Map<String, String> workers = workerEnvironment(connect, resources);
        Map<String, String> sync = new LinkedHashMap<>(named(resources, ConfigMap.class, "cdc-sync-env").getData());
        sync.putAll(decoded(named(resources, Secret.class, "cdc-sync-secrets")));
        Map<String, String> pipelines = named(resources, ConfigMap.class, "strangler-pipelines").getData();
        String mount = pipelinesMount(connect);

        List<GenericKubernetesResource> connectors = generic(resources, "KafkaConnector");
        for (GenericKubernetesResource connector : connectors) {
            for (String value : connectorConfig(connector).values()) {
                Matcher reference = WORKER_ENV.matcher(value);
                while (reference.find()) {
                    assertThat(workers).as("KafkaConnector %s reads ${env:%s}", connector.getMetadata().getName(),
                            reference.group(1)).containsKey(reference.group(1));
                }
            }
        }
        List<GenericKubernetesResource> sinks = connectors.stream()
            .filter(connector -> !POSTGRES_SOURCE.equals(connector.get("spec", "class"))).toList();
        assertThat(sinks).as("the kit's sink connectors").isNotEmpty();
        for (GenericKubernetesResource sink : sinks) {
            String where = "KafkaConnector " + sink.getMetadata().getName();
            Class<?> type = Class.forName(sink.get("spec", "class"));
            assertThat(SinkConnector.class.isAssignableFrom(type)).as(where + ": " + type + " is a sink").isTrue();
            Map<String, String> config = connectorConfig(sink);

            String file = config.get("strangler.pipeline.file");
            assertThat(file).as(where + ": strangler.pipeline.file").isNotNull();
            assertThat(Path.of(file).getParent()).as(where + ": the directory the workers mount the pipelines at")
                .isEqualTo(Path.of(mount));
            String pipeline = pipelines.get(Path.of(file).getFileName().toString());
            assertThat(pipeline).as(where + ": " + file + " is a file of ConfigMap strangler-pipelines").isNotNull();
            // Every placeholder of the pipeline has a default (localhost, for one machine): a setting cdc-sync gets
            // and the workers do not would point them elsewhere, silently.
            Matcher placeholder = PLACEHOLDER.matcher(pipeline);
            while (placeholder.find()) {
                String name = placeholder.group(1);
                if (sync.containsKey(name)) {
                    assertThat(workers.get(name)).as("%s: the workers' environment has cdc-sync's %s", where, name)
                        .isEqualTo(sync.get(name));
                }
            }

            // As Connect does when the KafkaConnector is applied: the connector validates its configuration, and
            // reads the pipeline as a worker would (the mounted file, placeholders from the worker's environment).
            Path copy = scratch.resolve("connect").resolve(Path.of(file).getFileName().toString());
            Overlays.write(copy, pipeline);
            config.put("strangler.pipeline.file", copy.toString());
            workers.forEach((name, value) -> config.put("strangler.placeholder." + name, value));
            Config validated = ((SinkConnector) type.getDeclaredConstructor().newInstance()).validate(config);
            for (ConfigValue value : validated.configValues()) {
                assertThat(value.errorMessages()).as(where + ": " + value.name()).isEmpty();
            }
        }
    }

    @Test
    void theSourceAndTheWorkersAreWhatTheKitIsBuiltWith() {
        List<HasMetadata> resources = onConnect();
        GenericKubernetesResource connect = generic(resources, "KafkaConnect").get(0);
        // The same Kafka release line as the kit's build (the sink is built on its connect-api); the patch level is
        // one the Strimzi operator in use supports, which each Strimzi release lists.
        assertThat(minor((String) connect.get("spec", "version"))).as("KafkaConnect's Kafka: the kit's release line")
            .isEqualTo(minor(AppInfoParser.getVersion()));
        List<Map<String, Object>> plugins = connect.get("spec", "build", "plugins");
        List<Object> artifacts = new ArrayList<>();
        plugins.forEach(plugin -> artifacts.addAll((List<?>) plugin.get("artifacts")));
        assertThat(artifacts).as("the workers' Debezium PostgreSQL connector: the kit's").contains(Map.of("type",
                "maven", "group", "io.debezium", "artifact", "debezium-connector-postgres", "version",
                new PostgresConnector().version()));

        List<GenericKubernetesResource> sources = generic(resources, "KafkaConnector").stream()
            .filter(connector -> POSTGRES_SOURCE.equals(connector.get("spec", "class"))).toList();
        assertThat(sources).as("Debezium's source connectors").isNotEmpty();
        Set<String> known = new HashSet<>();
        PostgresConnectorConfig.ALL_FIELDS.forEach(field -> known.add(field.name()));
        for (GenericKubernetesResource source : sources) {
            String where = "KafkaConnector " + source.getMetadata().getName();
            Map<String, String> config = connectorConfig(source);
            // Debezium ignores a key it does not know: a misspelt one would silently take the default. The rest are
            // the keys Connect itself reads for every connector (converters, transforms, topic creation).
            Set<String> transforms = Set.of(config.getOrDefault("transforms", "").split(","));
            assertThat(config.keySet().stream().filter(key -> !readByConnect(key, transforms)).toList())
                .as(where + ": keys Debezium's PostgreSQL connector knows").allMatch(known::contains);
            for (ConfigValue value : Configuration.from(config).validate(PostgresConnectorConfig.ALL_FIELDS).values()) {
                assertThat(value.errorMessages()).as(where + ": " + value.name()).isEmpty();
            }
        }
    }

    /** Connect's own keys of a source connector: its converters, its transforms by alias, topic creation. */
    private static boolean readByConnect(String key, Set<String> transforms) {
        String[] parts = key.split("\\.");
        return key.matches("(key|value)\\.converter(\\..+)?") || key.startsWith("topic.creation.")
                || key.equals("transforms") || (parts.length > 2 && parts[0].equals("transforms")
                        && transforms.contains(parts[1]));
    }

    /** A KafkaConnector's configuration as Connect hands it to the connector: strings. */
    private static Map<String, String> connectorConfig(GenericKubernetesResource connector) {
        Map<String, Object> given = connector.get("spec", "config");
        Map<String, String> config = new LinkedHashMap<>();
        given.forEach((key, value) -> config.put(key, value.toString()));
        return config;
    }

    /** major.minor of a version such as 4.1.2. */
    private static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }

    /** The environment of the Connect workers, each variable resolved from the rendered ConfigMaps and Secrets. */
    private static Map<String, String> workerEnvironment(GenericKubernetesResource connect,
            List<HasMetadata> resources) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<Map<String, Object>> variables = connect.get("spec", "template", "connectContainer", "env");
        for (Map<String, Object> variable : variables) {
            String name = (String) variable.get("name");
            if (variable.containsKey("value")) {
                environment.put(name, String.valueOf(variable.get("value")));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> from = (Map<String, Map<String, String>>) variable.get("valueFrom");
            if (from.containsKey("configMapKeyRef")) {
                Map<String, String> ref = from.get("configMapKeyRef");
                environment.put(name, named(resources, ConfigMap.class, ref.get("name")).getData().get(ref.get("key")));
            }
            else {
                Map<String, String> ref = from.get("secretKeyRef");
                environment.put(name, decoded(named(resources, Secret.class, ref.get("name"))).get(ref.get("key")));
            }
            assertThat(environment.get(name)).as("the workers' %s: %s", name, from).isNotNull();
        }
        return environment;
    }

    /** Where the workers mount ConfigMap strangler-pipelines. */
    private static String pipelinesMount(GenericKubernetesResource connect) {
        List<Map<String, Object>> volumes = connect.get("spec", "template", "pod", "volumes");
        List<Map<String, Object>> mounts = connect.get("spec", "template", "connectContainer", "volumeMounts");
        for (Map<String, Object> volume : volumes) {
            if (volume.get("configMap") instanceof Map<?, ?> configMap
                    && "strangler-pipelines".equals(configMap.get("name"))) {
                for (Map<String, Object> mount : mounts) {
                    if (volume.get("name").equals(mount.get("name"))) {
                        return (String) mount.get("mountPath");
                    }
                }
            }
        }
        throw new AssertionError("KafkaConnect " + connect.getMetadata().getName()
                + " mounts no volume of ConfigMap strangler-pipelines");
    }

    /** A Secret's values; kustomize wraps long base64 values in lines, which Kubernetes' decoder skips too. */
    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> decoded = new LinkedHashMap<>();
        secret.getData().forEach((key, value) -> decoded.put(key,
                new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static List<GenericKubernetesResource> generic(List<HasMetadata> resources, String kind) {
        return resources.stream().filter(resource -> resource.getKind().equals(kind))
            .map(GenericKubernetesResource.class::cast).toList();
    }
}
