package dev.strangler.support.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A published JSON Schema (draft 2020-12) applied to {@link YamlDocument}s with networknt's
 * {@code json-schema-validator}. Each error becomes a {@link YamlProblem}: the line from the document's parser
 * locations, the key path, and a reason written for the person who edits the file ({@code unknown key (known:
 * [...])}, {@code must be an integer but is 'soon'}, {@code 'x' does not match ^[a-z]+$}) rather than the library's
 * wording. Thread-safe once built.
 */
public final class YamlSchema {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode definition;
    private final Schema schema;

    private YamlSchema(JsonNode definition) {
        this.definition = definition;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(definition);
    }

    /**
     * The schema in the class path resource {@code resource} (absolute, e.g. {@code /schema/plan.schema.json}), looked
     * up through {@code owner}'s class loader: the reader that ships the schema in its jar.
     */
    public static YamlSchema fromResource(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The schema " + resource + " is missing from the class path");
            }
            return new YamlSchema(JSON.readTree(in));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A schema given as its JSON tree. */
    public static YamlSchema of(JsonNode definition) {
        return new YamlSchema(definition);
    }

    /** The schema's JSON, as published. */
    public JsonNode definition() {
        return definition;
    }

    /** Every problem of the document, by line; empty when it holds. */
    public List<YamlProblem> check(YamlDocument document) {
        List<YamlProblem> problems = new ArrayList<>();
        for (Error error : schema.validate(document.root())) {
            YamlPath path = path(error.getInstanceLocation());
            String property = property(error);
            if (property != null && !path.equals(path.parent().key(property))) {
                path = path.key(property);
            }
            problems.add(new YamlProblem(document.line(path), path, reason(error, property)));
        }
        problems.sort(Comparator.comparingInt(YamlProblem::line));
        return List.copyOf(problems);
    }

    /**
     * The first problem by line, its reason saying how many more there are ({@code ... (and 2 more problem(s))}): what
     * a reader that stops at the first problem reports. Empty when the document holds.
     */
    public Optional<YamlProblem> firstProblem(YamlDocument document) {
        List<YamlProblem> problems = check(document);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        YamlProblem first = problems.get(0);
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : "";
        return Optional.of(new YamlProblem(first.line(), first.path(), first.reason() + more));
    }

    private String reason(Error error, @Nullable String property) {
        JsonNode value = keywordValue(error);
        JsonNode instance = error.getInstanceNode();
        return switch (String.valueOf(error.getKeyword())) {
            case "type" -> "must be " + types(value) + " but is " + describe(instance);
            case "required", "dependentRequired" -> "is required";
            case "additionalProperties", "unevaluatedProperties" -> "unknown key (known: " + knownKeys(error) + ")";
            case "enum" -> describe(instance) + " is not one of " + texts(value);
            case "const" -> "must be " + describe(value) + " but is " + describe(instance);
            case "pattern" -> describe(instance) + " does not match " + value.asString();
            case "minLength" -> value.asInt() == 1 ? "must not be empty"
                    : "must be at least " + value.asInt() + " characters";
            case "maxLength" -> "must be at most " + value.asInt() + " characters";
            case "minimum" -> number(instance) + " is below the minimum " + number(value);
            case "maximum" -> number(instance) + " is above the maximum " + number(value);
            case "exclusiveMinimum" -> "must be above " + number(value) + " but is " + number(instance);
            case "exclusiveMaximum" -> "must be below " + number(value) + " but is " + number(instance);
            case "minItems" -> "needs at least " + value.asInt() + " item(s)";
            case "maxItems" -> "takes at most " + value.asInt() + " item(s)";
            case "minProperties" -> "needs at least " + value.asInt() + " entry(ies)";
            case "uniqueItems" -> "lists an item twice";
            case "propertyNames" -> value.has("pattern")
                    ? "'" + property + "' is not a valid key: it does not match " + value.get("pattern").asString()
                    : libraryMessage(error);
            default -> libraryMessage(error);
        };
    }

    /** The value of the failing keyword in the schema (e.g. the pattern), found by the error's schema location. */
    private JsonNode keywordValue(Error error) {
        JsonNode value = definition.at(pointer(error.getSchemaLocation().getFragment()));
        return value.isMissingNode() && error.getSchemaNode() != null ? error.getSchemaNode() : value;
    }

    /** The property names the schema declares next to the {@code additionalProperties} that refused a key. */
    private List<String> knownKeys(Error error) {
        NodePath keyword = error.getSchemaLocation().getFragment();
        JsonNode properties = definition.at(pointer(keyword.getParent())).path("properties");
        return List.copyOf(properties.propertyNames());
    }

    private static @Nullable String property(Error error) {
        if (error.getProperty() != null) {
            return error.getProperty();
        }
        String keyword = String.valueOf(error.getKeyword());
        Object[] arguments = error.getArguments();
        if ((keyword.equals("required") || keyword.equals("additionalProperties")) && arguments != null
                && arguments.length > 0) {
            return String.valueOf(arguments[0]);
        }
        return null;
    }

    private static YamlPath path(NodePath location) {
        YamlPath path = YamlPath.root();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path.index(index) : path.key(String.valueOf(element));
        }
        return path;
    }

    private static String pointer(@Nullable NodePath location) {
        StringBuilder pointer = new StringBuilder();
        if (location != null) {
            for (int i = 0; i < location.getNameCount(); i++) {
                pointer.append('/').append(String.valueOf(location.getElement(i)).replace("~", "~0")
                        .replace("/", "~1"));
            }
        }
        return pointer.toString();
    }

    private static String types(JsonNode type) {
        List<String> names = type.isArray() ? texts(type) : List.of(type.asString());
        return String.join(" or ", names.stream().map(YamlSchema::article).toList());
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> "a " + type;
        };
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static String number(@Nullable JsonNode node) {
        return node == null ? "?" : node.asString();
    }

    /** How a value reads in a reason: a scalar quoted as written, a structure by its kind. */
    static String describe(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "empty";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asString() + "'";
    }

    /** The library's own message without the instance location it starts with (the problem names the path). */
    private static String libraryMessage(Error error) {
        String message = error.getMessage();
        String location = error.getInstanceLocation().toString();
        if (message.startsWith(location + ": ")) {
            return message.substring(location.length() + 2);
        }
        return message;
    }
}
