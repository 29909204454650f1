package dev.strangler.plans.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a YAML document against the published plan schema ({@code migration-plans/plans/plan.schema.json}), so
 * that the schema is the one definition of a valid plan, and names the line of every problem (which a JSON Schema
 * library working on a JSON tree cannot). It understands the keywords the plan schema uses and refuses a schema
 * with any other, so the two cannot silently drift apart. The stack file's schema is checked by the same means.
 */
public final class SchemaCheck {

    static final String RESOURCE = "/schema/plan.schema.json";

    /** Keywords this checker applies; annotations ({@code title}, {@code description}, ...) are allowed too. */
    static final Set<String> KEYWORDS = Set.of("type", "required", "properties", "additionalProperties", "enum",
            "pattern", "minLength", "minimum", "maximum", "minItems", "minProperties", "items", "$ref");
    static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description");

    /** One problem: 1-based line, the key path in the document, and the reason. */
    public record Problem(int line, String path, String reason) {
    }

    private final JsonNode schema;

    SchemaCheck(JsonNode schema) {
        this.schema = schema;
        requireKnownKeywords(schema, "");
    }

    static SchemaCheck published() {
        return of(RESOURCE);
    }

    /** The schema published on the class path at {@code resource}. */
    public static SchemaCheck of(String resource) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The schema " + resource + " is missing from the class path");
            }
            return new SchemaCheck(JsonMapper.builder().build().readTree(in));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public List<Problem> check(Node document) {
        List<Problem> problems = new ArrayList<>();
        check(schema, document, "", problems);
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        return problems;
    }

    private void check(JsonNode rule, Node node, String path, List<Problem> problems) {
        if (rule.has("$ref")) {
            String ref = rule.get("$ref").asString();
            if (!ref.startsWith("#")) {
                throw new IllegalStateException("Only local $ref is supported: " + ref);
            }
            check(schema.at(ref.substring(1)), node, path, problems);
        }
        String where = path.isEmpty() ? "(document)" : path;
        if (rule.has("type") && !hasType(node, rule.get("type").asString())) {
            problems.add(problem(node, where, "must be " + article(rule.get("type").asString()) + " but is "
                    + describe(node)));
            return;
        }
        if (rule.has("enum")) {
            List<String> allowed = new ArrayList<>();
            rule.get("enum").forEach(value -> allowed.add(value.asString()));
            if (!(node instanceof ScalarNode scalar) || !allowed.contains(scalar.getValue())) {
                problems.add(problem(node, where, describe(node) + " is not one of " + allowed));
                return;
            }
        }
        if (node instanceof ScalarNode scalar) {
            checkScalar(rule, scalar, where, problems);
        }
        if (node instanceof SequenceNode sequence) {
            if (rule.has("minItems") && sequence.getValue().size() < rule.get("minItems").asInt()) {
                problems.add(problem(node, where, "needs at least " + rule.get("minItems").asInt() + " item(s)"));
            }
            if (rule.has("items")) {
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    check(rule.get("items"), items.get(i), path + "[" + i + "]", problems);
                }
            }
        }
        if (node instanceof MappingNode mapping) {
            checkMapping(rule, mapping, path, where, problems);
        }
    }

    private void checkScalar(JsonNode rule, ScalarNode scalar, String where, List<Problem> problems) {
        String value = scalar.getValue();
        if (rule.has("minLength") && value.strip().length() < rule.get("minLength").asInt()) {
            problems.add(problem(scalar, where, "must not be empty"));
        }
        if (rule.has("pattern") && !Pattern.compile(rule.get("pattern").asString()).matcher(value).find()) {
            problems.add(problem(scalar, where, "'" + value + "' does not match " + rule.get("pattern").asString()));
        }
        if (rule.has("minimum") || rule.has("maximum")) {
            double number = Double.parseDouble(value);
            if (rule.has("minimum") && number < rule.get("minimum").asDouble()) {
                problems.add(problem(scalar, where, value + " is below the minimum " + rule.get("minimum")));
            }
            if (rule.has("maximum") && number > rule.get("maximum").asDouble()) {
                problems.add(problem(scalar, where, value + " is above the maximum " + rule.get("maximum")));
            }
        }
    }

    private void checkMapping(JsonNode rule, MappingNode mapping, String path, String where, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        JsonNode properties = rule.path("properties");
        JsonNode additional = rule.get("additionalProperties");
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (!seen.add(key)) {
                problems.add(problem(tuple.getKeyNode(), keyPath, "duplicate key"));
                continue;
            }
            if (properties.has(key)) {
                check(properties.get(key), tuple.getValueNode(), keyPath, problems);
            }
            else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                List<String> known = new ArrayList<>(properties.propertyNames());
                problems.add(problem(tuple.getKeyNode(), keyPath, "unknown key (known: " + known + ")"));
            }
            else if (additional != null && additional.isObject()) {
                check(additional, tuple.getValueNode(), keyPath, problems);
            }
        }
        if (rule.has("required")) {
            for (JsonNode required : rule.get("required")) {
                if (!seen.contains(required.asString())) {
                    problems.add(problem(mapping, where, "'" + required.asString() + "' is required"));
                }
            }
        }
        if (rule.has("minProperties") && seen.size() < rule.get("minProperties").asInt()) {
            problems.add(problem(mapping, where, "needs at least " + rule.get("minProperties").asInt()
                    + " entry(ies)"));
        }
    }

    private static boolean hasType(Node node, String type) {
        return switch (type) {
            case "object" -> node instanceof MappingNode;
            case "array" -> node instanceof SequenceNode;
            case "string" -> node instanceof ScalarNode && Tag.STR.equals(node.getTag());
            case "integer" -> node instanceof ScalarNode && Tag.INT.equals(node.getTag());
            case "number" -> node instanceof ScalarNode && (Tag.INT.equals(node.getTag())
                    || Tag.FLOAT.equals(node.getTag()));
            case "boolean" -> node instanceof ScalarNode && Tag.BOOL.equals(node.getTag());
            default -> throw new IllegalStateException("Unsupported schema type " + type);
        };
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        return Tag.NULL.equals(scalar.getTag()) ? "empty" : "'" + scalar.getValue() + "'";
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> "a " + type;
        };
    }

    private static Problem problem(Node node, String path, String reason) {
        return new Problem(node.getStartMark().getLine() + 1, path, reason);
    }

    private static void requireKnownKeywords(JsonNode rule, String where) {
        if (!rule.isObject()) {
            return;
        }
        for (String keyword : rule.propertyNames()) {
            if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalStateException("The plan schema uses '" + keyword + "' at " + where
                        + "; SchemaCheck does not apply it");
            }
        }
        rule.path("$defs").properties().forEach(def -> requireKnownKeywords(def.getValue(), where + "/$defs/"
                + def.getKey()));
        rule.path("properties").properties().forEach(property -> requireKnownKeywords(property.getValue(),
                where + "/properties/" + property.getKey()));
        if (rule.has("items")) {
            requireKnownKeywords(rule.get("items"), where + "/items");
        }
        if (rule.has("additionalProperties")) {
            requireKnownKeywords(rule.get("additionalProperties"), where + "/additionalProperties");
        }
    }
}
