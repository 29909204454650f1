package dev.strangler.sync.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a record's payload (Connect JSON without its schema, as {@code JsonConverter} writes it with
 * {@code schemas.enable=false}) into Connect data under the schema it was written with, in one pass of a streaming
 * parser: no JSON tree, no schema parsed per record. It gives what Kafka's {@code JsonConverter} gives for the same
 * payload with the schema inline ({@code PayloadReaderTests} decodes every column type the pipelines produce both
 * ways), with {@code replace.null.with.default=false}: a null stays null. Two differences, both on input Kafka would
 * turn into a wrong value: a float's {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"} (what Jackson writes for
 * them) is that float, not 0; a JSON value of the wrong kind for its field (a string for an integer, a number for a
 * string) is refused, not read as 0, false or null.
 *
 * <p>Debezium's own semantic types ({@code io.debezium.time.*}, {@code VariableScaleDecimal}, ...) are primitives and
 * structs at this level; {@link dev.strangler.sync.capture.ChangeDecoder} turns them into Java values, as it does
 * in-process. Connect's logical types ({@link Decimal}, {@link Date}, {@link Time}, {@link Timestamp}) are read here,
 * as {@code JsonConverter} reads them.
 */
final class PayloadReader {

    private static final JsonFactory JSON = new JsonFactory();

    private PayloadReader() {
    }

    /** The payload as Connect data; a null payload (no value) is null. */
    static @Nullable Object read(Schema schema, byte @Nullable [] payload) throws IOException {
        if (payload == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() == null) {
                throw new DataException("Empty payload");
            }
            Object value = value(schema, parser, "value");
            if (parser.nextToken() != null) {
                throw new DataException("More than one JSON value in the payload");
            }
            return value;
        }
    }

    /**
     * A value written without a schema (a record's source offset header), as {@code JsonConverter} with
     * {@code schemas.enable=false} reads it: integers as {@code Long}, other numbers as {@code Double}, objects as
     * maps, arrays as lists.
     */
    static @Nullable Object readSchemaless(byte @Nullable [] json) throws IOException {
        if (json == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new DataException("Empty value");
            }
            Object value = schemaless(parser);
            if (parser.nextToken() != null) {
                throw new DataException("More than one JSON value");
            }
            return value;
        }
    }

    private static @Nullable Object schemaless(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> parser.getText();
            case START_ARRAY -> {
                List<@Nullable Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(schemaless(parser));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<String, @Nullable Object> map = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, schemaless(parser));
                }
                yield map;
            }
            default -> throw new DataException("Unexpected " + parser.currentToken());
        };
    }

    private static @Nullable Object value(Schema schema, JsonParser parser, String where) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            if (schema.isOptional()) {
                return null;
            }
            throw new DataException("Invalid null value for required " + schema.type() + " field " + where);
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    return token == JsonToken.VALUE_STRING ? Decimal.toLogical(schema, parser.getBinaryValue())
                            : decimal(parser, token, where);
                case Date.LOGICAL_NAME:
                    return Date.toLogical(schema, integer(parser, token, where));
                case Time.LOGICAL_NAME:
                    return Time.toLogical(schema, integer(parser, token, where));
                case Timestamp.LOGICAL_NAME:
                    return Timestamp.toLogical(schema, integral(parser, token, where));
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case STRUCT -> struct(schema, parser, token, where);
            case STRING -> {
                expect(token, JsonToken.VALUE_STRING, schema, where);
                yield parser.getText();
            }
            case INT64 -> integral(parser, token, where);
            case INT32 -> integer(parser, token, where);
            case INT16 -> (short) integer(parser, token, where);
            case INT8 -> (byte) integer(parser, token, where);
            case FLOAT64 -> token == JsonToken.VALUE_STRING ? nonFinite(parser.getText(), where)
                    : number(parser, token, where).getDoubleValue();
            case FLOAT32 -> token == JsonToken.VALUE_STRING ? (float) nonFinite(parser.getText(), where)
                    : number(parser, token, where).getFloatValue();
            case BOOLEAN -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw wrongKind(token, schema, where);
                }
                yield token == JsonToken.VALUE_TRUE;
            }
            case BYTES -> {
                expect(token, JsonToken.VALUE_STRING, schema, where);
                yield parser.getBinaryValue();
            }
            case ARRAY -> array(schema, parser, token, where);
            case MAP -> map(schema, parser, token, where);
        };
    }

    private static Struct struct(Schema schema, JsonParser parser, JsonToken token, String where) throws IOException {
        expect(token, JsonToken.START_OBJECT, schema, where);
        Struct struct = new Struct(schema);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Field field = schema.field(parser.currentName());
            parser.nextToken();
            if (field == null) {
                // Not in the schema: JsonConverter ignores it too.
                parser.skipChildren();
                continue;
            }
            struct.put(field, value(field.schema(), parser, field.name()));
        }
        // A required field left out (a null one is refused by put).
        for (Field field : schema.fields()) {
            if (!field.schema().isOptional() && struct.getWithoutDefault(field.name()) == null) {
                throw new DataException("Invalid null value for required " + field.schema().type() + " field "
                        + field.name());
            }
        }
        return struct;
    }

    private static List<@Nullable Object> array(Schema schema, JsonParser parser, JsonToken token, String where)
            throws IOException {
        expect(token, JsonToken.START_ARRAY, schema, where);
        List<@Nullable Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(value(schema.valueSchema(), parser, where));
        }
        return list;
    }

    /** String keys as a JSON object, other keys as an array of [key, value] pairs (as JsonConverter writes them). */
    private static Map<@Nullable Object, @Nullable Object> map(Schema schema, JsonParser parser, JsonToken token,
            String where) throws IOException {
        Map<@Nullable Object, @Nullable Object> map = new HashMap<>();
        if (schema.keySchema().type() == Schema.Type.STRING) {
            expect(token, JsonToken.START_OBJECT, schema, where);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                map.put(key, value(schema.valueSchema(), parser, where));
            }
            return map;
        }
        expect(token, JsonToken.START_ARRAY, schema, where);
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            parser.nextToken();
            Object key = value(schema.keySchema(), parser, where);
            parser.nextToken();
            Object value = value(schema.valueSchema(), parser, where);
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw new DataException("A map entry of " + where + " is not a [key, value] pair");
            }
            map.put(key, value);
        }
        return map;
    }

    private static JsonParser number(JsonParser parser, JsonToken token, String where) {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new DataException("Field " + where + " wants a number but has " + token);
        }
        return parser;
    }

    private static java.math.BigDecimal decimal(JsonParser parser, JsonToken token, String where)
            throws IOException {
        return number(parser, token, where).getDecimalValue();
    }

    private static int integer(JsonParser parser, JsonToken token, String where) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new DataException("Field " + where + " wants an integer but has " + token);
        }
        return parser.getIntValue();
    }

    private static long integral(JsonParser parser, JsonToken token, String where) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new DataException("Field " + where + " wants an integer but has " + token);
        }
        return parser.getLongValue();
    }

    /** Jackson writes a non-finite float as a string (QUOTE_NON_NUMERIC_NUMBERS): read it back as that float. */
    private static double nonFinite(String text, String where) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new DataException("Field " + where + " wants a number but has the string " + text);
        };
    }

    private static void expect(JsonToken token, JsonToken expected, Schema schema, String where) {
        if (token != expected) {
            throw wrongKind(token, schema, where);
        }
    }

    private static DataException wrongKind(JsonToken token, Schema schema, String where) {
        return new DataException("Field " + where + " of type " + schema.type() + " has " + token);
    }
}
