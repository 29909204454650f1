package dev.strangler.sync.apply;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values of a deferred write as typed JSON: each value keeps its Java type ({@code {"type": "bytea", "value":
 * "AP8="}}), so the write read back binds exactly the parameters it would have bound when it arrived (bytes as bytea,
 * a list as an array, a decimal with all its digits). A value of a type it does not know is refused, not stored as
 * its {@code toString()}: a batch that fails is retried, a corrupted row is not.
 */
final class DeferredValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Types whose {@code toString()} their {@code parse} or {@code valueOf} reads back exactly, with their tag. */
    private static final Map<Class<?>, String> KNOWN = Map.ofEntries(Map.entry(Boolean.class, "bool"),
            Map.entry(Short.class, "int2"), Map.entry(Integer.class, "int4"), Map.entry(Long.class, "int8"),
            Map.entry(Float.class, "float4"), Map.entry(Double.class, "float8"), Map.entry(BigDecimal.class, "numeric"),
            Map.entry(BigInteger.class, "bigint"), Map.entry(UUID.class, "uuid"),
            Map.entry(OffsetDateTime.class, "timestamptz"), Map.entry(Instant.class, "instant"),
            Map.entry(LocalDateTime.class, "timestamp"), Map.entry(LocalDate.class, "date"),
            Map.entry(LocalTime.class, "time"), Map.entry(OffsetTime.class, "timetz"));

    private DeferredValues() {
    }

    static JsonNode encode(@Nullable Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        ObjectNode node = NODES.objectNode();
        if (value instanceof List<?> list) {
            ArrayNode elements = NODES.arrayNode();
            list.forEach(element -> elements.add(encode(element)));
            node.put("type", "array");
            node.set("value", elements);
            return node;
        }
        String type;
        String text;
        if (value instanceof String string) {
            type = "text";
            text = string;
        }
        else if (value instanceof byte[] bytes) {
            type = "bytea";
            text = Base64.getEncoder().encodeToString(bytes);
        }
        else {
            type = typeOf(value);
            text = value.toString();
        }
        node.put("type", type);
        node.put("value", text);
        return node;
    }

    static @Nullable Object decode(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            // Written before values were typed: text, which the server reads as the column's type.
            return node.asString();
        }
        String type = node.path("type").asString();
        JsonNode value = node.path("value");
        if (type.equals("array")) {
            List<@Nullable Object> list = new ArrayList<>();
            value.forEach(element -> list.add(decode(element)));
            return list;
        }
        String text = value.asString();
        return switch (type) {
            case "text" -> text;
            case "bytea" -> Base64.getDecoder().decode(text);
            case "bool" -> Boolean.valueOf(text);
            case "int2" -> Short.valueOf(text);
            case "int4" -> Integer.valueOf(text);
            case "int8" -> Long.valueOf(text);
            case "float4" -> Float.valueOf(text);
            case "float8" -> Double.valueOf(text);
            case "numeric" -> new BigDecimal(text);
            case "bigint" -> new BigInteger(text);
            case "uuid" -> UUID.fromString(text);
            case "timestamptz" -> OffsetDateTime.parse(text);
            case "instant" -> Instant.parse(text);
            case "timestamp" -> LocalDateTime.parse(text);
            case "date" -> LocalDate.parse(text);
            case "time" -> LocalTime.parse(text);
            case "timetz" -> OffsetTime.parse(text);
            default -> throw new IllegalStateException("A deferred write holds a value of unknown type '" + type
                    + "' (" + text + ")");
        };
    }

    private static String typeOf(Object value) {
        String type = KNOWN.get(value.getClass());
        if (type != null) {
            return type;
        }
        throw new IllegalArgumentException("A write that must wait holds a value of type "
                + value.getClass().getName() + ", which " + DeferredWrites.TABLE + " cannot keep exactly");
    }
}
