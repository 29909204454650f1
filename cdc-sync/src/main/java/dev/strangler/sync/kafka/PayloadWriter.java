package dev.strangler.sync.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.ConnectSchema;
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
 * Writes Connect data as capture publishes it, in one pass of a streaming generator straight to bytes: the JSON that
 * Kafka's {@code JsonConverter} writes with {@code schemas.enable=false} and {@code replace.null.with.default=false}
 * ({@code decimal.format} BASE64), byte for byte, without building a JSON tree per record first
 * ({@code PublishedWireFormatTests} holds it to the converter, every column type and event capture publishes). It is
 * the format existing topics hold and {@link PayloadReader}, the Connect plugin and every applier read, so the rules
 * are the converter's, quirks included: a null stays null (a field's default is not written in its place; a required
 * field without a value is refused); a {@code ByteBuffer} is written whole ({@code array()}, not its remaining bytes);
 * a non-finite float is a string ({@code "NaN"}); a map with string keys is an object, any other an array of
 * {@code [key, value]} pairs; a value without a schema takes the type of its Java class. Not thread-safe: one per
 * codec.
 */
final class PayloadWriter {

    private static final JsonFactory JSON = new JsonFactory();

    /** Reused between records: a record's bytes are copied out of it once, at the end. */
    private final ByteArrayBuilder out = new ByteArrayBuilder(4096);

    /** The value without its schema (the published payload, key or source offset); null for neither. */
    byte @Nullable [] payload(@Nullable Schema schema, @Nullable Object value) {
        if (schema == null && value == null) {
            return null;
        }
        out.reset();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, schema, value);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write a payload", ex); // in memory: never
        }
        return out.toByteArray();
    }

    /**
     * A value that has no schema in the inline format ({@code {"schema":null,"payload":...}}), as the converter with
     * {@code schemas.enable=true} writes it; null for no value.
     */
    byte @Nullable [] inlineWithoutSchema(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        out.reset();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNullField("schema");
            json.writeFieldName("payload");
            write(json, null, value);
            json.writeEndObject();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write a payload", ex);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, @Nullable Schema schema, @Nullable Object value)
            throws IOException {
        if (value == null) {
            if (schema == null || schema.isOptional()) {
                json.writeNull();
                return;
            }
            throw new DataException("Conversion error: null value for field that is required and has no default "
                    + "value");
        }
        String name = schema == null ? null : schema.name();
        if (name != null && logical(json, schema, name, value)) {
            return;
        }
        Schema.Type type = schema == null ? typeOf(value) : schema.type();
        if (type == null) {
            throw new DataException("Java class " + value.getClass() + " does not have corresponding schema type.");
        }
        try {
            switch (type) {
                case INT8 -> json.writeNumber((Byte) value);
                case INT16 -> json.writeNumber((Short) value);
                case INT32 -> json.writeNumber((Integer) value);
                case INT64 -> json.writeNumber((Long) value);
                case FLOAT32 -> json.writeNumber((Float) value);
                case FLOAT64 -> json.writeNumber((Double) value);
                case BOOLEAN -> json.writeBoolean((Boolean) value);
                case STRING -> json.writeString(((CharSequence) value).toString());
                case BYTES -> {
                    if (value instanceof byte[] bytes) {
                        json.writeBinary(bytes);
                    }
                    else if (value instanceof ByteBuffer buffer) {
                        json.writeBinary(buffer.array()); // the whole backing array, as the converter writes it
                    }
                    else {
                        throw new DataException("Invalid type for bytes type: " + value.getClass());
                    }
                }
                case ARRAY -> array(json, schema, (Collection<?>) value);
                case MAP -> map(json, schema, (Map<?, ?>) value);
                case STRUCT -> struct(json, schema, (Struct) value);
            }
        }
        catch (ClassCastException ex) {
            throw new DataException("Invalid type for " + (schema != null ? schema.type().toString()
                    : "unknown schema") + ": " + value.getClass());
        }
    }

    /**
     * The type of a value without a schema (every source offset is one), as {@link ConnectSchema#schemaType} has it;
     * the final classes a source offset holds are told apart without its map look-up, which was a tenth of the
     * publisher's CPU in a profile of the bench.
     */
    private static Schema.@Nullable Type typeOf(Object value) {
        Class<?> type = value.getClass();
        if (type == String.class) {
            return Schema.Type.STRING;
        }
        if (type == Long.class) {
            return Schema.Type.INT64;
        }
        if (type == Integer.class) {
            return Schema.Type.INT32;
        }
        if (type == Boolean.class) {
            return Schema.Type.BOOLEAN;
        }
        return ConnectSchema.schemaType(type);
    }

    /** Connect's logical types, as the converter writes them; false for any other name. */
    private static boolean logical(JsonGenerator json, Schema schema, String name, Object value) throws IOException {
        switch (name) {
            case Decimal.LOGICAL_NAME -> {
                if (!(value instanceof BigDecimal decimal)) {
                    throw new DataException("Invalid type for Decimal, expected BigDecimal but was "
                            + value.getClass());
                }
                json.writeBinary(Decimal.fromLogical(schema, decimal));
            }
            case Date.LOGICAL_NAME -> json.writeNumber(Date.fromLogical(schema, date(value, "Date")));
            case Time.LOGICAL_NAME -> json.writeNumber(Time.fromLogical(schema, date(value, "Time")));
            case Timestamp.LOGICAL_NAME -> json.writeNumber(Timestamp.fromLogical(schema, date(value, "Timestamp")));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static java.util.Date date(Object value, String type) {
        if (!(value instanceof java.util.Date date)) {
            throw new DataException("Invalid type for " + type + ", expected Date but was " + value.getClass());
        }
        return date;
    }

    private static void array(JsonGenerator json, @Nullable Schema schema, Collection<?> values) throws IOException {
        Schema elements = schema == null ? null : schema.valueSchema();
        json.writeStartArray();
        if (values instanceof List<?> list && values instanceof java.util.RandomAccess) {
            for (int i = 0, n = list.size(); i < n; i++) {
                write(json, elements, list.get(i));
            }
        }
        else {
            for (Object value : values) {
                write(json, elements, value);
            }
        }
        json.writeEndArray();
    }

    private static void map(JsonGenerator json, @Nullable Schema schema, Map<?, ?> map) throws IOException {
        Schema keys = schema == null ? null : schema.keySchema();
        Schema values = schema == null ? null : schema.valueSchema();
        boolean object;
        if (schema == null) {
            object = true;
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    object = false;
                    break;
                }
            }
        }
        else {
            object = keys.type() == Schema.Type.STRING;
        }
        if (object) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(fieldName(keys, entry.getKey()));
                write(json, values, entry.getValue());
            }
            json.writeEndObject();
            return;
        }
        json.writeStartArray();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            json.writeStartArray();
            write(json, keys, entry.getKey());
            write(json, values, entry.getValue());
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    /** A string key's text; a null key of an optional key schema is the text {@code null}, as the converter has it. */
    private static String fieldName(@Nullable Schema keys, @Nullable Object key) {
        if (key == null) {
            if (keys != null && !keys.isOptional()) {
                throw new DataException("Conversion error: null value for field that is required and has no "
                        + "default value");
            }
            return "null";
        }
        try {
            return ((CharSequence) key).toString();
        }
        catch (ClassCastException ex) {
            throw new DataException("Invalid type for STRING: " + key.getClass());
        }
    }

    private static void struct(JsonGenerator json, @Nullable Schema schema, Struct struct) throws IOException {
        if (!struct.schema().equals(schema)) {
            throw new DataException("Mismatching schema.");
        }
        json.writeStartObject();
        for (Field field : schema.fields()) {
            json.writeFieldName(field.name());
            // Without the default: a null stays null (replace.null.with.default=false). get(field) only differs
            // from that for a field with a default, and needs no look-up by name.
            Schema fieldSchema = field.schema();
            write(json, fieldSchema, fieldSchema.defaultValue() == null ? struct.get(field)
                    : struct.getWithoutDefault(field.name()));
        }
        json.writeEndObject();
    }
}
