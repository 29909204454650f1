package dev.strangler.support.schema;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * A YAML document as a JSON tree (what a JSON Schema validates) that remembers the line of every key and list item,
 * read from Jackson's YAML parser locations, so that a problem found at a JSON Pointer can name its line.
 *
 * <p>Stricter than a plain YAML load on purpose: a key given twice in one mapping is refused (YAML forbids it; most
 * loaders silently keep the last), and so is an alias ({@code *name}), which Jackson would read as the alias's name.
 */
public final class YamlDocument {

    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    /**
     * Reads the first document of the stream (and closes it).
     *
     * @throws InvalidYamlException for broken YAML, a duplicate key or an alias, naming the line
     */
    public static YamlDocument read(InputStream yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (yaml; JsonParser parser = YAMLMapper.shared().createParser(yaml)) {
            if (parser.nextToken() == null) {
                return new YamlDocument(JsonNodeFactory.instance.nullNode(), lines);
            }
            lines.put(YamlPath.root().pointer(), line(parser.currentTokenLocation()));
            return new YamlDocument(new TreeBuilder(parser, lines).value(YamlPath.root()), lines);
        }
        catch (JacksonException ex) {
            TokenStreamLocation at = ex.getLocation();
            throw new InvalidYamlException(new YamlProblem(at == null ? 0 : line(at), YamlPath.root(),
                    "not valid YAML: " + ex.getOriginalMessage()));
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** The document's tree; a JSON null for an empty document. */
    public JsonNode root() {
        return root;
    }

    /** Whether the document holds nothing at all (an empty file, or only comments). */
    public boolean isEmpty() {
        return root.isNull() && lines.isEmpty();
    }

    /** The value at {@code path}, or a missing node. */
    public JsonNode at(YamlPath path) {
        return root.at(path.pointer());
    }

    /**
     * The line of the key (for a mapping's value) or of the item (for a list's) at {@code path}; for a path that is
     * not in the document, the line of its nearest ancestor that is, so that a missing key names the mapping that
     * lacks it. 0 for an empty document.
     */
    public int line(YamlPath path) {
        for (YamlPath at = path; ; at = at.parent()) {
            Integer line = lines.get(at.pointer());
            if (line != null) {
                return line;
            }
            if (at.isRoot()) {
                return 0;
            }
        }
    }

    private static int line(TokenStreamLocation location) {
        return Math.max(location.getLineNr(), 0);
    }

    /** Builds the tree token by token, recording where each key and item starts. */
    private record TreeBuilder(JsonParser parser, Map<String, Integer> lines) {

        private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

        JsonNode value(YamlPath path) {
            JsonToken token = parser.currentToken();
            if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
                throw problem(path, "aliases (*" + parser.getString() + ") are not supported; write the value out");
            }
            return switch (token) {
                case START_OBJECT -> object(path);
                case START_ARRAY -> array(path);
                case VALUE_STRING -> NODES.stringNode(parser.getString());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number();
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw problem(path, "unexpected " + token);
            };
        }

        private ObjectNode object(YamlPath path) {
            ObjectNode object = NODES.objectNode();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                YamlPath key = path.key(name);
                int line = line(parser.currentTokenLocation());
                if (object.has(name)) {
                    throw new InvalidYamlException(new YamlProblem(line, key, "duplicate key"));
                }
                lines.put(key.pointer(), line);
                parser.nextToken();
                object.set(name, value(key));
            }
            return object;
        }

        private ArrayNode array(YamlPath path) {
            ArrayNode array = NODES.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                YamlPath item = path.index(index++);
                lines.put(item.pointer(), line(parser.currentTokenLocation()));
                array.add(value(item));
            }
            return array;
        }

        private JsonNode number() {
            Number number = parser.getNumberValue();
            if (number instanceof Integer value) {
                return NODES.numberNode(value);
            }
            if (number instanceof Long value) {
                return NODES.numberNode(value);
            }
            if (number instanceof java.math.BigInteger value) {
                return NODES.numberNode(value);
            }
            if (number instanceof java.math.BigDecimal value) {
                return NODES.numberNode(value);
            }
            return NODES.numberNode(number.doubleValue());
        }

        private InvalidYamlException problem(YamlPath path, String reason) {
            return new InvalidYamlException(new YamlProblem(line(parser.currentTokenLocation()), path, reason));
        }
    }
}
