package dev.strangler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomization as {@code kubectl kustomize --load-restrictor LoadRestrictionsNone} does, for the subset of
 * kustomize that deploy/kubernetes uses: resources (files and kustomization directories), components, ConfigMap and
 * Secret generators (files, env files, ConfigMap literals) with stable names, and replicas. A field outside that subset
 * is refused by name, so a manifest can never use a feature whose effect this check silently skips.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "components",
            "generatorOptions", "configMapGenerator", "secretGenerator", "replicas");

    /** Where a generator's file comes from: the path itself, or (for files the user makes) somewhere else. */
    private final UnaryOperator<Path> files;

    /** @param files maps each generator source path to the file to read (identity but for files the user makes) */
    Kustomize(UnaryOperator<Path> files) {
        this.files = files;
    }

    /** The resources of the kustomization in {@code directory}, in kustomize's order (resources, then generated). */
    List<Map<String, Object>> render(Path directory) {
        return render(directory, true);
    }

    /** A component's transformers (replicas) act on the resources of the kustomization that uses it. */
    private List<Map<String, Object>> render(Path directory, boolean transform) {
        Map<String, Object> kustomization = kustomization(directory);
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (String resource : strings(kustomization, "resources")) {
            Path path = directory.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                rendered.addAll(render(path));
            }
            else {
                rendered.addAll(documents(path));
            }
        }
        List<Map<String, Object>> componentReplicas = new ArrayList<>();
        for (String component : strings(kustomization, "components")) {
            Path path = directory.resolve(component).normalize();
            Map<String, Object> definition = kustomization(path);
            if (!"Component".equals(definition.get("kind"))) {
                throw new IllegalStateException(path + ": components must be of kind Component");
            }
            rendered.addAll(render(path, false));
            componentReplicas.addAll(maps(definition, "replicas"));
        }
        boolean generates = kustomization.containsKey("configMapGenerator")
                || kustomization.containsKey("secretGenerator");
        if (generates && !stableNames(kustomization)) {
            throw new IllegalStateException(directory + ": generated names must be stable "
                    + "(generatorOptions.disableNameSuffixHash: true), the base refers to them by name");
        }
        for (Map<String, Object> generator : maps(kustomization, "configMapGenerator")) {
            rendered.add(generated("ConfigMap", directory, generator, false));
        }
        for (Map<String, Object> generator : maps(kustomization, "secretGenerator")) {
            rendered.add(generated("Secret", directory, generator, true));
        }
        List<Map<String, Object>> replicas = new ArrayList<>(transform ? maps(kustomization, "replicas") : List.of());
        replicas.addAll(componentReplicas);
        for (Map<String, Object> replica : replicas) {
            scale(rendered, directory, replica);
        }
        return rendered;
    }

    /** The kustomization file of a directory, refused when it uses a field this renderer does not apply. */
    static Map<String, Object> kustomization(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        List<Map<String, Object>> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + ": expected one document");
        }
        Map<String, Object> kustomization = documents.get(0);
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalStateException(file + ": " + key + ": not applied by deploy/kubernetes-check's "
                        + "renderer; extend Kustomize before using it");
            }
        }
        return kustomization;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) {
        try {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            return documents;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Map<String, Object> generated(String kind, Path directory, Map<String, Object> generator,
            boolean secret) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String source : strings(generator, "files")) {
            int equals = source.indexOf('=');
            String key = equals < 0 ? Path.of(source).getFileName().toString() : source.substring(0, equals);
            data.put(key, read(directory.resolve(equals < 0 ? source : source.substring(equals + 1))));
        }
        for (String source : strings(generator, "envs")) {
            for (String line : read(directory.resolve(source)).split("\n")) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                int equals = entry.indexOf('=');
                if (equals < 1) {
                    throw new IllegalStateException(directory.resolve(source) + ": not KEY=value: " + entry);
                }
                data.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        for (String literal : strings(generator, "literals")) {
            if (secret) {
                // A literal in a kustomization is a value in the repository; tokens and passwords never are.
                throw new IllegalStateException(directory + ": secretGenerator " + generator.get("name")
                        + " has literals; a Secret's values come from files the user makes");
            }
            int equals = literal.indexOf('=');
            data.put(literal.substring(0, equals), literal.substring(equals + 1));
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", "v1");
        resource.put("kind", kind);
        resource.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
        if (secret) {
            Map<String, String> encoded = new LinkedHashMap<>();
            data.forEach((key, value) -> encoded.put(key,
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            resource.put("type", "Opaque");
            resource.put("data", encoded);
        }
        else {
            resource.put("data", data);
        }
        return resource;
    }

    private String read(Path source) {
        try {
            return Files.readString(this.files.apply(source.normalize()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read generator source " + source, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static void scale(List<Map<String, Object>> rendered, Path directory, Map<String, Object> replica) {
        boolean found = false;
        for (Map<String, Object> resource : rendered) {
            Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
            if (replica.get("name").equals(metadata.get("name"))
                    && List.of("Deployment", "StatefulSet").contains(resource.get("kind"))) {
                ((Map<String, Object>) resource.get("spec")).put("replicas", replica.get("count"));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException(directory + ": replicas names " + replica.get("name")
                    + ", which no Deployment or StatefulSet has");
        }
    }

    private static boolean stableNames(Map<String, Object> kustomization) {
        Object options = kustomization.get("generatorOptions");
        return options instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("disableNameSuffixHash"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
