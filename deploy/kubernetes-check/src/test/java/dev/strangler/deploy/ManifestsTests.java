package dev.strangler.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.strangler.deploy.Manifests.named;
import static dev.strangler.deploy.Manifests.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * deploy/kubernetes without a cluster: the base, each overlay and the Kafka Connect option render and parse into typed
 * Kubernetes objects, and what they say agrees with the repository (ports and health paths from each app's own
 * configuration, the stack file of your own monolith) and with the kit's rules (admin ports, tokens, one slot reader).
 */
class ManifestsTests {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|PASSWORD|SECRET).*");

    @TempDir
    static Path scratch;

    /** Rendered on first use: a test that reads no rendering runs without kustomize. */
    private static Map<String, List<HasMetadata>> renderings() {
        return Overlays.all(scratch);
    }

    @Test
    void everyManifestParsesIntoTypedObjects() {
        assertThat(renderings()).containsOnlyKeys(Overlays.BASE, Overlays.SAMPLE_SHOP, Overlays.YOUR_MONOLITH,
                Overlays.SAMPLE_SHOP_ON_CONNECT, Overlays.YOUR_STACK);
        renderings().forEach((name, resources) -> {
            assertThat(resources).as(name).isNotEmpty();
            for (HasMetadata resource : resources) {
                boolean strimzi = resource.getApiVersion().startsWith("kafka.strimzi.io/");
                assertThat(resource instanceof GenericKubernetesResource)
                    .as("%s: %s %s is read as %s", name, resource.getKind(), resource.getMetadata().getName(),
                            resource.getClass().getSimpleName())
                    .isEqualTo(strimzi);
            }
        });
        assertThat(kinds(Overlays.SAMPLE_SHOP)).contains("Deployment", "Service", "PodDisruptionBudget",
                "ConfigMap", "Secret", "StatefulSet", "NetworkPolicy");
        assertThat(kinds(Overlays.SAMPLE_SHOP_ON_CONNECT)).contains("KafkaConnect", "KafkaConnector");
    }

    @Test
    void aFieldTheModelDoesNotKnowIsRefused() {
        Map<String, Object> misspelt = new Yaml().load("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  selector: {matchLabels: {app: typo}}
                  template:
                    metadata: {labels: {app: typo}}
                    spec:
                      containers:
                        - name: typo
                          image: typo
                          readinesProbe: {tcpSocket: {port: 8000}}
                """);

        assertThatIllegalStateException().isThrownBy(() -> Manifests.typed(misspelt, "test"))
            .withMessageContaining("readinesProbe");
    }

    @Test
    void probesMatchWhatEachAppServes() {
        for (String name : List.of(Overlays.SAMPLE_SHOP, Overlays.YOUR_MONOLITH)) {
            for (Deployment deployment : all(name, Deployment.class)) {
                String module = deployment.getMetadata().getAnnotations().get("strangler.dev/module");
                String where = name + ": Deployment " + deployment.getMetadata().getName();
                assertThat(module).as(where + " names its module (strangler.dev/module)").isNotNull();
                assertThat(Manifests.repository().resolve(module)).as(where + ": its module").isDirectory();
                AppModule app = AppModule.of(Manifests.repository(), module);
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                    .as(where + ": ports").contains(app.serverPort());
                checkProbe(where + " liveness", app, container, container.getLivenessProbe(), "liveness");
                checkProbe(where + " readiness", app, container, container.getReadinessProbe(), "readiness");
                if ("127.0.0.1".equals(app.settings().get("server.address"))) {
                    // The kubelet probes the pod's address: an app bound to loopback must be opened to it.
                    assertThat(env(container)).as(where + ": binds loopback by default")
                        .containsEntry("SERVER_ADDRESS", "0.0.0.0");
                }
            }
        }
    }

    private static void checkProbe(String where, AppModule app, Container container, Probe probe, String group) {
        assertThat(probe).as(where).isNotNull();
        if (!app.healthExposed()) {
            // No open health endpoint: the probe can only ask whether the app's port accepts connections.
            assertThat(probe.getTcpSocket()).as(where + ": the app serves no actuator health, use tcpSocket")
                .isNotNull();
            assertThat(port(container, probe.getTcpSocket().getPort())).as(where + ": port")
                .isEqualTo(app.serverPort());
            return;
        }
        assertThat(probe.getHttpGet()).as(where + ": the app serves actuator health").isNotNull();
        assertThat(port(container, probe.getHttpGet().getPort())).as(where + ": port")
            .isEqualTo(app.managementPort());
        List<String> served = new ArrayList<>(List.of(app.healthPath()));
        if (app.probeGroups()) {
            served.add(app.healthPath() + "/" + group);
        }
        assertThat(probe.getHttpGet().getPath()).as(where + ": path").isIn(served);
    }

    @Test
    void adminPortsAreNeverOnALoadBalancer() {
        renderings().forEach((name, resources) -> {
            Map<String, Set<Integer>> adminPorts = new LinkedHashMap<>();
            for (Deployment deployment : of(resources, Deployment.class)) {
                Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
                for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                    for (ContainerPort port : container.getPorts()) {
                        // Everything of cdc-sync and the plan console is an admin surface; the proxy's is named so.
                        if ("admin".equals(port.getName()) || Set.of("cdc-sync", "plan-console")
                            .contains(labels.get("app.kubernetes.io/name"))) {
                            adminPorts.computeIfAbsent(labels.get("app.kubernetes.io/name"), key -> new HashSet<>())
                                .add(port.getContainerPort());
                        }
                    }
                }
            }
            assertThat(adminPorts).as(name).isNotEmpty();
            for (Service service : of(resources, Service.class)) {
                String app = service.getSpec().getSelector().get("app.kubernetes.io/name");
                Set<Integer> admin = adminPorts.getOrDefault(app, Set.of());
                for (ServicePort port : service.getSpec().getPorts()) {
                    int target = targetPort(resources, app, port);
                    if (admin.contains(target)) {
                        assertThat(service.getSpec().getType()).as("%s: Service %s exposes admin port %s", name,
                                service.getMetadata().getName(), target).isIn(null, "ClusterIP");
                    }
                }
            }
        });
    }

    @Test
    void noSecretHoldsALiteralToken() throws IOException {
        try (Stream<Path> files = Files.walk(Manifests.kubernetes())) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml"))
                .filter(path -> !path.toString().contains("/secrets/")).toList()) {
                for (Map<String, Object> document : Kustomize.documents(file)) {
                    assertThat(document.get("kind")).as(file + ": a Secret written in the repository").isNotEqualTo(
                            "Secret");
                }
            }
        }
        for (String overlay : List.of(Overlays.SAMPLE_SHOP, Overlays.YOUR_MONOLITH)) {
            Path secrets = Manifests.kubernetes().resolve(overlay).resolve("secrets");
            assertThat(Files.readAllLines(secrets.resolve(".gitignore"))).as(overlay + ": secrets/ is never committed")
                .contains("*", "!.gitignore");
            Map<String, Object> kustomization = Kustomize.kustomization(Manifests.kubernetes().resolve(overlay));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> generators = (List<Map<String, Object>>) kustomization.get("secretGenerator");
            for (Map<String, Object> generator : generators) {
                // A literal in a kustomization is a value in the repository; tokens and passwords never are.
                assertThat(generator).as("%s: secretGenerator %s", overlay, generator.get("name"))
                    .doesNotContainKey("literals");
                for (String key : List.of("files", "envs")) {
                    @SuppressWarnings("unchecked")
                    List<String> sources = (List<String>) generator.getOrDefault(key, List.of());
                    for (String source : sources) {
                        assertThat(source.substring(source.indexOf('=') + 1)).as("%s: %s reads", overlay,
                                generator.get("name")).startsWith("secrets/");
                    }
                }
            }
        }
        renderings().forEach((name, resources) -> {
            for (ConfigMap configMap : of(resources, ConfigMap.class)) {
                assertThat(configMap.getData().keySet()).as("%s: ConfigMap %s", name,
                        configMap.getMetadata().getName()).noneMatch(key -> SECRET_NAME.matcher(key).matches());
            }
            for (PodSpec pod : pods(resources)) {
                for (Container container : pod.getContainers()) {
                    for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                        if (SECRET_NAME.matcher(variable.getName()).matches()) {
                            assertThat(variable.getValueFrom()).as("%s: %s of %s comes from a Secret", name,
                                    variable.getName(), container.getName()).isNotNull();
                            assertThat(variable.getValueFrom().getSecretKeyRef()).isNotNull();
                        }
                    }
                }
            }
        });
    }

    @Test
    void everyConfigMapAndSecretADeploymentReadsIsThere() {
        for (String name : List.of(Overlays.SAMPLE_SHOP, Overlays.YOUR_MONOLITH, Overlays.SAMPLE_SHOP_ON_CONNECT)) {
            List<HasMetadata> resources = renderings().get(name);
            Map<String, Set<String>> configMaps = new LinkedHashMap<>();
            of(resources, ConfigMap.class).forEach(map -> configMaps.put(map.getMetadata().getName(),
                    map.getData().keySet()));
            Map<String, Set<String>> secrets = new LinkedHashMap<>();
            of(resources, Secret.class).forEach(secret -> secrets.put(secret.getMetadata().getName(),
                    secret.getData().keySet()));
            for (PodSpec pod : pods(resources)) {
                for (Container container : pod.getContainers()) {
                    for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                        if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                            var ref = variable.getValueFrom().getSecretKeyRef();
                            assertThat(secrets.get(ref.getName())).as("%s: %s reads Secret %s", name,
                                    variable.getName(), ref.getName()).isNotNull().contains(ref.getKey());
                        }
                        if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
                            var ref = variable.getValueFrom().getConfigMapKeyRef();
                            assertThat(configMaps.get(ref.getName())).as("%s: %s reads ConfigMap %s", name,
                                    variable.getName(), ref.getName()).isNotNull().contains(ref.getKey());
                        }
                    }
                    for (EnvFromSource source : container.getEnvFrom()) {
                        if (source.getConfigMapRef() != null) {
                            assertThat(configMaps).as(name).containsKey(source.getConfigMapRef().getName());
                        }
                        if (source.getSecretRef() != null) {
                            assertThat(secrets).as(name).containsKey(source.getSecretRef().getName());
                        }
                    }
                }
                for (Volume volume : pod.getVolumes()) {
                    if (volume.getConfigMap() != null) {
                        assertThat(configMaps).as(name).containsKey(volume.getConfigMap().getName());
                    }
                }
            }
        }
    }

    @Test
    void proxyReplicasShareRouteStateBehindADisruptionBudget() {
        for (String name : List.of(Overlays.SAMPLE_SHOP, Overlays.YOUR_MONOLITH)) {
            List<HasMetadata> resources = renderings().get(name);
            Deployment proxy = named(resources, Deployment.class, "strangler-proxy");
            assertThat(proxy.getSpec().getReplicas()).as(name).isGreaterThanOrEqualTo(2);
            Container container = proxy.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(env(container)).as(name).containsEntry("STRANGLER_PROXY_STATE_STORE", "postgres");
            assertThat(named(resources, ConfigMap.class, "strangler-proxy-env").getData())
                .as(name).hasEntrySatisfying("STRANGLER_PROXY_STATE_POSTGRES_URL",
                        url -> assertThat(url).startsWith("jdbc:postgresql://"));
            assertThat(named(resources, Secret.class, "strangler-proxy-secrets").getData()).as(name)
                .containsKeys("STRANGLER_PROXY_STATE_POSTGRES_USERNAME", "STRANGLER_PROXY_STATE_POSTGRES_PASSWORD");
            PodDisruptionBudget budget = named(resources, PodDisruptionBudget.class, "strangler-proxy");
            assertThat(proxy.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).isBetween(1, proxy.getSpec().getReplicas() - 1);
        }
    }

    @Test
    void cdcSyncIsTheSlotsOnlyReader() {
        for (String name : List.of(Overlays.SAMPLE_SHOP, Overlays.YOUR_MONOLITH)) {
            Deployment sync = named(renderings().get(name), Deployment.class, "cdc-sync");
            assertThat(sync.getSpec().getReplicas()).as(name).isEqualTo(1);
            assertThat(sync.getSpec().getStrategy().getType()).as(name).isEqualTo("Recreate");
        }
        List<HasMetadata> onConnect = renderings().get(Overlays.SAMPLE_SHOP_ON_CONNECT);
        assertThat(named(onConnect, Deployment.class, "cdc-sync").getSpec().getReplicas())
            .as("with Kafka Connect running the pipelines, the cdc-sync app reads no slot").isZero();
        assertThat(onConnect).filteredOn(resource -> resource.getKind().equals("KafkaConnector"))
            .extracting(resource -> ((GenericKubernetesResource) resource).get("spec", "class").toString())
            .contains("io.debezium.connector.postgresql.PostgresConnector");
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithMemoryLimits() {
        String user = AppModule.of(Manifests.repository(), "strangler-proxy").imageUser();
        long uid = Long.parseLong(user.substring(0, user.indexOf(':')));
        for (Deployment deployment : all(Overlays.SAMPLE_SHOP, Deployment.class)) {
            String where = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(where).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(where + ": the images' user").isEqualTo(uid);
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(container.getVolumeMounts()).as(where + ": writable paths")
                    .extracting(mount -> mount.getMountPath()).contains("/tmp", "/var/lib/strangler");
                // The heap is a share of this limit (-XX:MaxRAMPercentage in the image).
                assertThat(container.getResources().getLimits()).as(where).containsKey("memory");
            }
        }
    }

    @Test
    void yourMonolithsOverlayFollowsItsStackFile() throws IOException {
        Path overlay = Manifests.kubernetes().resolve(Overlays.YOUR_MONOLITH);
        Path stackFile = overlay.resolve("strangler.yaml");
        Map<String, Object> stack = new Yaml().load(Files.readString(stackFile));
        Set<String> apps = new HashSet<>(Set.of("monolith"));
        Set<String> passwords = new HashSet<>();
        passwords.add(passwordEnv(stack.get("monolith")));
        for (Object service : (List<?>) stack.get("services")) {
            apps.add((String) ((Map<?, ?>) service).get("name"));
            passwords.add(passwordEnv(service));
        }
        Path home = stackFile.getParent();

        // The example in the kit, and the same files in a stack directory of the user's own as docs/deploy.md says.
        for (String name : List.of(Overlays.YOUR_MONOLITH, Overlays.YOUR_STACK)) {
            List<HasMetadata> resources = renderings().get(name);
            JsonNode json = JsonMapper.builder().build().readTree(
                    named(resources, ConfigMap.class, "strangler-proxy-env").getData().get("SPRING_APPLICATION_JSON"));
            Set<String> backends = new HashSet<>(json.path("strangler").path("proxy").path("backends").propertyNames());
            assertThat(backends).as(name + ": the proxy's backends: the stack's monolith and services").isEqualTo(apps);
            assertThat(named(resources, ConfigMap.class, "strangler-rules").getData().get("rules.yaml")).as(name)
                .isEqualTo(Files.readString(home.resolve((String) stack.get("rules"))));
            assertThat(named(resources, ConfigMap.class, "strangler-pipelines").getData().keySet()).as(name)
                .isEqualTo(fileNames(home.resolve((String) stack.get("pipelines"))));
            assertThat(named(resources, ConfigMap.class, "strangler-plans").getData().keySet()).as(name)
                .isEqualTo(fileNames(home.resolve((String) stack.get("plans"))));
            assertThat(named(resources, Secret.class, "cdc-sync-secrets").getData().keySet())
                .as(name + ": the password-env variables of the stack file, which its pipelines read")
                .containsAll(passwords);
        }
        assertThat(renderings().get(Overlays.YOUR_STACK)).as("your stack directory renders what the example does")
            .extracting(resource -> resource.getKind() + " " + resource.getMetadata().getName())
            .containsExactlyElementsOf(renderings().get(Overlays.YOUR_MONOLITH).stream()
                .map(resource -> resource.getKind() + " " + resource.getMetadata().getName()).toList());
    }

    @Test
    void theSampleShopRunsTheShopsOwnRulesPipelinesAndPlans() throws IOException {
        // They live with the apps that use them; prepare copies them into the overlay, because kustomize reads no
        // file outside it. The rendering holds each one as it is where it lives, and none is left out.
        Path repository = Manifests.repository();
        Path copied = Manifests.kubernetes().resolve(Overlays.SAMPLE_SHOP).resolve("copied");
        assertThat(Files.readAllLines(copied.resolve(".gitignore"))).as("the copies are never committed")
            .contains("*", "!.gitignore");
        for (String name : List.of(Overlays.SAMPLE_SHOP, Overlays.SAMPLE_SHOP_ON_CONNECT)) {
            List<HasMetadata> resources = renderings().get(name);
            assertThat(named(resources, ConfigMap.class, "strangler-rules").getData()).as(name).isEqualTo(Map.of(
                    "rules.yaml",
                    Files.readString(repository.resolve("strangler-proxy/src/main/resources/rules/sample-shop.yaml"))));
            for (String kind : List.of("pipelines", "plans")) {
                Path originals = repository.resolve(kind.equals("pipelines") ? "cdc-sync/src/main/resources/pipelines"
                        : "migration-plans/plans");
                Map<String, String> data = named(resources, ConfigMap.class, "strangler-" + kind).getData();
                assertThat(data.keySet()).as("%s: the %s of %s, each named in the overlay's kustomization.yaml", name,
                        kind, repository.relativize(originals)).isEqualTo(yamlFiles(originals).keySet());
                assertThat(data).as(name).isEqualTo(yamlFiles(originals));
            }
        }
    }

    private static Map<String, String> yamlFiles(Path directory) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static String passwordEnv(Object app) {
        return (String) ((Map<?, ?>) ((Map<?, ?>) app).get("database")).get("password-env");
    }

    private static Set<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return new HashSet<>(files.map(file -> file.getFileName().toString()).toList());
        }
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        return env;
    }

    private static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(candidate -> port.getStrVal().equals(candidate.getName()))
            .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no port " + port.getStrVal()))
            .getContainerPort();
    }

    private static int targetPort(List<HasMetadata> resources, String app, ServicePort port) {
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        for (Deployment deployment : of(resources, Deployment.class)) {
            if (app != null && app.equals(deployment.getSpec().getTemplate().getMetadata().getLabels()
                .get("app.kubernetes.io/name"))) {
                return port(deployment.getSpec().getTemplate().getSpec().getContainers().get(0), target);
            }
        }
        return target.getIntVal() == null ? -1 : target.getIntVal();
    }

    private static List<PodSpec> pods(List<HasMetadata> resources) {
        List<PodSpec> pods = new ArrayList<>();
        of(resources, Deployment.class).forEach(deployment -> pods.add(deployment.getSpec().getTemplate().getSpec()));
        of(resources, io.fabric8.kubernetes.api.model.apps.StatefulSet.class)
            .forEach(set -> pods.add(set.getSpec().getTemplate().getSpec()));
        return pods;
    }

    private static List<String> kinds(String name) {
        return renderings().get(name).stream().map(HasMetadata::getKind).toList();
    }

    private static <T extends HasMetadata> List<T> all(String name, Class<T> type) {
        return of(renderings().get(name), type);
    }
}
