package dev.strangler.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests of deploy/kubernetes as typed Kubernetes objects (fabric8's model): each rendered resource is read
 * into the class of its kind, and a field that class does not know (a typo such as {@code readinesProbe}, which a
 * lenient reader keeps aside as an "additional property") is an error naming the resource and the field's path.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** The repository's root: the nearest directory up from here that holds the Maven wrapper. */
    static Path repository() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }

    static Path kubernetes() {
        return repository().resolve("deploy/kubernetes");
    }

    /** Renders the kustomization in {@code directory} with kustomize and reads every resource into its typed class. */
    static List<HasMetadata> rendered(Path directory) {
        List<HasMetadata> resources = new ArrayList<>();
        for (Map<String, Object> resource : Kustomize.build(directory)) {
            resources.add(typed(resource, directory.toString()));
        }
        return resources;
    }

    /** The resources of one type. */
    static <T extends HasMetadata> List<T> of(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The resource of a type and name; an assertion error when there is none. */
    static <T extends HasMetadata> T named(List<HasMetadata> resources, Class<T> type, String name) {
        return of(resources, type).stream().filter(resource -> resource.getMetadata().getName().equals(name))
            .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static HasMetadata typed(Map<String, Object> resource, String where) {
        HasMetadata typed = SERIALIZATION.unmarshal(new Yaml().dump(resource), HasMetadata.class);
        String name = where + ": " + typed.getKind() + " " + typed.getMetadata().getName();
        if (!(typed instanceof GenericKubernetesResource)) {
            List<String> unknown = new ArrayList<>();
            unknownFields(typed, typed.getKind(), unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalStateException(name + ": fields the Kubernetes model does not know: " + unknown);
            }
        }
        return typed;
    }

    /** Walks the model's getters; fabric8 keeps any field it does not know in {@code getAdditionalProperties()}. */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            }
            catch (IllegalAccessException | InvocationTargetException ex) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            }
            else {
                unknownFields(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }
}
