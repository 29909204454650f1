package dev.strangler.plans.init;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monolith's endpoints grouped into resources ({@code /api/visits/**}), read from an OpenAPI document, Spring
 * Boot's {@code /actuator/mappings} or a list of paths. A resource is the first path segment after the context path
 * and any {@code api}, {@code rest} or version segments; each becomes a read rule and a write rule.
 */
final class Endpoints {

    private static final Pattern PREFIX_SEGMENT = Pattern.compile("api|rest|v\\d+");
    private static final Pattern REQUEST_ID = Pattern.compile("(?i)(request|trace|correlation|span)[-_]?id");
    private static final Pattern STAMP = Pattern.compile("(?i).*(timestamp|updated|modified|generated|served).*");
    private static final int MAX_DEPTH = 6;

    /**
     * Shadow comparison settings proposed for a resource's read rule, each with why.
     *
     * @param ignore JSON Pointers the comparison leaves out, with why each
     * @param unorderedArrays why arrays should compare as multisets, or null when no array was seen
     * @param notFoundVersusEmpty the GET paths documented with both a list and a 404, whose two sides may differ
     */
    record ShadowHints(Map<String, String> ignore, @Nullable String unorderedArrays, List<String> notFoundVersusEmpty) {

        boolean isEmpty() {
            return ignore.isEmpty() && unorderedArrays == null && notFoundVersusEmpty.isEmpty();
        }
    }

    /** One resource: its path under the context path ({@code /api/visits}) and the methods seen on it. */
    record Resource(String name, String path, Set<String> methods, ShadowHints shadow) {
    }

    /**
     * @param contextPath where the monolith answers ({@code /clinic}), or empty
     * @param source where the endpoints were read from, for the files' comments
     */
    record Surface(String contextPath, List<Resource> resources, String source) {
    }

    private Endpoints() {
    }

    /** From an OpenAPI 3 document (YAML or JSON); the context path is the path of its first server URL. */
    static Surface fromOpenApi(String document, String source, @Nullable String contextPath) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
        }
        catch (YAMLException ex) {
            throw new IllegalArgumentException("--openapi " + source + ": not YAML or JSON: " + ex.getMessage());
        }
        Map<?, ?> api = map(root);
        Map<?, ?> paths = map(api.get("paths"));
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("--openapi " + source + ": no paths");
        }
        String context = contextPath != null ? contextPath : serverPath(api);
        Map<String, Builder> resources = new LinkedHashMap<>();
        Schemas schemas = new Schemas(map(map(api.get("components")).get("schemas")));
        for (Map.Entry<?, ?> path : paths.entrySet()) {
            String pattern = String.valueOf(path.getKey());
            Builder resource = resource(resources, pattern);
            if (resource == null) {
                continue;
            }
            for (Map.Entry<?, ?> operation : map(path.getValue()).entrySet()) {
                String method = String.valueOf(operation.getKey()).toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                resource.methods.add(method);
                if (method.equals("GET")) {
                    resource.read(pattern, map(map(operation.getValue()).get("responses")), schemas);
                }
            }
        }
        return new Surface(context, resources.values().stream().map(Builder::build).toList(), source);
    }

    /**
     * From Spring Boot's {@code /actuator/mappings}; patterns there leave out the context path, which is the part
     * of the mappings URL before {@code /actuator}.
     */
    static Surface fromMappings(String json, URI url, @Nullable String contextPath) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(json);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("--mappings " + url + ": not JSON: " + ex.getMessage());
        }
        String path = url.getPath() == null ? "" : url.getPath();
        int actuator = path.indexOf("/actuator");
        String context = contextPath != null ? contextPath : actuator > 0 ? path.substring(0, actuator) : "";
        Map<String, Builder> resources = new LinkedHashMap<>();
        for (JsonNode conditions : root.findValues("requestMappingConditions")) {
            List<String> methods = new ArrayList<>();
            conditions.path("methods").forEach(method -> methods.add(method.asString()));
            for (JsonNode pattern : conditions.path("patterns")) {
                String text = pattern.asString();
                if (text.startsWith("/error") || text.startsWith("/actuator")) {
                    continue;
                }
                Builder resource = resource(resources, text);
                if (resource != null) {
                    // A mapping without methods answers every method.
                    resource.methods.addAll(methods.isEmpty() ? List.of("GET", "POST", "PUT", "PATCH", "DELETE")
                            : methods);
                }
            }
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("--mappings " + url + ": no request mappings found (is it "
                    + "Spring Boot's /actuator/mappings, exposed with management.endpoints.web.exposure.include?)");
        }
        return new Surface(context, resources.values().stream().map(Builder::build).toList(), url.toString());
    }

    /** From paths as the monolith serves them ({@code /clinic/api/visits}), all under {@code contextPath}. */
    static Surface fromPaths(List<String> paths, @Nullable String contextPath) {
        String context = contextPath == null ? "" : contextPath;
        Map<String, Builder> resources = new LinkedHashMap<>();
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("--paths: '" + path + "' must start with '/'");
            }
            String under = !context.isEmpty() && path.startsWith(context + "/") ? path.substring(context.length())
                    : path;
            Builder resource = resource(resources, under);
            if (resource == null) {
                throw new IllegalArgumentException("--paths: '" + path + "' names no resource");
            }
            resource.methods.addAll(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        }
        return new Surface(context, resources.values().stream().map(Builder::build).toList(), "--paths");
    }

    private static String serverPath(Map<?, ?> api) {
        if (api.get("servers") instanceof List<?> servers && !servers.isEmpty()) {
            Object url = map(servers.get(0)).get("url");
            if (url != null) {
                String path = URI.create(String.valueOf(url)).getPath();
                return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
            }
        }
        return "";
    }

    private static @Nullable Builder resource(Map<String, Builder> resources, String pattern) {
        List<String> prefix = new ArrayList<>();
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (PREFIX_SEGMENT.matcher(segment).matches()) {
                prefix.add(segment);
                continue;
            }
            if (segment.contains("{") || segment.contains("*")) {
                return null;
            }
            String path = "/" + String.join("/", prefix) + (prefix.isEmpty() ? "" : "/") + segment;
            String name = segment.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("^-|-$", "");
            return resources.computeIfAbsent(path, p -> new Builder(name, p));
        }
        return null;
    }

    private static Map<?, ?> map(@Nullable Object node) {
        return node instanceof Map<?, ?> map ? map : Map.of();
    }

    /** The document's component schemas, for following {@code $ref}. */
    private record Schemas(Map<?, ?> components) {

        Map<?, ?> resolve(@Nullable Object schema) {
            Map<?, ?> map = map(schema);
            for (int hops = 0; hops < MAX_DEPTH && map.get("$ref") instanceof String ref; hops++) {
                map = map(components.get(ref.substring(ref.lastIndexOf('/') + 1)));
            }
            return map;
        }
    }

    private static final class Builder {

        private final String name;
        private final String path;
        private final Set<String> methods = new LinkedHashSet<>();
        private final Map<String, String> ignore = new LinkedHashMap<>();
        private @Nullable String unorderedArrays;
        private final List<String> notFoundVersusEmpty = new ArrayList<>();

        Builder(String name, String path) {
            this.name = name;
            this.path = path;
        }

        void read(String pattern, Map<?, ?> responses, Schemas schemas) {
            boolean list = false;
            for (Map.Entry<?, ?> response : responses.entrySet()) {
                for (Object media : map(map(response.getValue()).get("content")).values()) {
                    Map<?, ?> schema = schemas.resolve(map(media).get("schema"));
                    if (String.valueOf(response.getKey()).startsWith("2") && "array".equals(schema.get("type"))) {
                        list = true;
                    }
                    walk(schema, "", schemas, 0);
                }
            }
            if (list && responses.containsKey("404")) {
                notFoundVersusEmpty.add(pattern);
            }
        }

        private void walk(Map<?, ?> schema, String pointer, Schemas schemas, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            if ("array".equals(schema.get("type"))) {
                unorderedArrays = "an array at " + (pointer.isEmpty() ? "the top" : pointer) + "; a query without "
                        + "ORDER BY may list rows in a different order on each side";
                walk(schemas.resolve(schema.get("items")), pointer + "/*", schemas, depth + 1);
                return;
            }
            Map<?, ?> properties = map(schema.get("properties"));
            boolean problem = properties.keySet().containsAll(Set.of("title", "status", "instance"));
            for (Map.Entry<?, ?> property : properties.entrySet()) {
                String field = String.valueOf(property.getKey());
                Map<?, ?> type = schemas.resolve(property.getValue());
                String at = pointer + "/" + field;
                Object format = type.get("format");
                if (problem && field.equals("instance")) {
                    ignore.put(at, "a problem's instance names the request, different on each side");
                }
                else if (REQUEST_ID.matcher(field).matches()) {
                    ignore.put(at, "a request id is made anew by each side");
                }
                else if (problem) {
                    // A problem's type, title and status say what went wrong: the same on both sides when right.
                    continue;
                }
                else if ("uri".equals(format) || field.equals("href")) {
                    ignore.put(at, "an absolute URL names the host that answered");
                }
                else if ("date-time".equals(format) && STAMP.matcher(field).matches()) {
                    ignore.put(at, "a timestamp each side stamps itself");
                }
                else {
                    walk(type, at, schemas, depth + 1);
                }
            }
        }

        Resource build() {
            return new Resource(name, path, methods, new ShadowHints(ignore, unorderedArrays, notFoundVersusEmpty));
        }
    }
}
