package dev.strangler.sync.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

/**
 * Debezium records as Kafka records and back. The value is Debezium's record as Connect JSON <em>without</em> its
 * schema (the payload only), with the schema's fingerprint in the header {@value ChangeTopics#VALUE_SCHEMA_HEADER};
 * the schema itself travels once per schema version on the pipeline's schema topic ({@link ValueSchema},
 * {@link SchemaTopic}), so the applier decodes the same semantic types as in-process. The key (the row's primary key)
 * is schemaless JSON, so equal keys give equal bytes and land in the same partition; the source topic and offset are
 * headers.
 *
 * <p>A record without the fingerprint header is in the format written before it (the value as Connect JSON with its
 * schema inline, ~3.4 KB of schema for a ~100-byte row) and is still read: records already in the topics when capture
 * was upgraded are applied as they are. Not thread-safe.
 */
final class ChangeRecordCodec {

    /**
     * Kafka 4.1's {@link JsonConverter} has no public way to convert a payload under a schema it already knows: its
     * {@code toConnectData} wants the schema inline and parses it again for every record (the profile's 46 % Jackson
     * parse and 12 % cache look-up on the schema tree). This is its own (private) payload conversion, so that a
     * payload is decoded by exactly the code that decodes the inline format. If a Kafka version renames it, the codec
     * falls back to splicing the schema back into the value and using the public API: slower, same result
     * ({@code ChangeRecordCodecTests} fails on that fallback so that an upgrade notices).
     */
    private static final @Nullable MethodHandle CONVERT_TO_CONNECT = convertToConnect();

    private final JsonConverter values = converter(true, false);
    private final JsonConverter payloads = converter(false, false);
    private final JsonConverter keys = converter(false, true);
    private final JsonConverter offsets = converter(false, false);
    private final JsonConverterConfig payloadConfig = new JsonConverterConfig(Map.of(
            JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true",
            JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false",
            org.apache.kafka.connect.storage.ConverterConfig.TYPE_CONFIG, "value"));
    /** Parses a payload as the converter's own deserializer does (exact decimals, floats as BigDecimal). */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final ChangeDecoder decoder = new ChangeDecoder();
    /**
     * Debezium keeps one value schema object per table version, so the fingerprint is looked up by identity: no
     * hashing of the schema tree per record. Bounded, in case a source builds a new schema object per record.
     */
    private final Map<Schema, ValueSchema> byIdentity = new IdentityHashMap<>();
    private final @Nullable Schemas schemas;

    /** For capture: encodes only. */
    ChangeRecordCodec() {
        this(null);
    }

    /** For an applier: {@code schemas} finds the schema of a record that carries a fingerprint. */
    ChangeRecordCodec(@Nullable Schemas schemas) {
        this.schemas = schemas;
    }

    /** Where an applier finds a value schema by fingerprint ({@link SchemaTopic}). */
    interface Schemas {

        /** The schema with this fingerprint, which {@code record} carries; throws naming both when there is none. */
        ValueSchema schema(String fingerprint, ConsumerRecord<?, ?> record);
    }

    private static JsonConverter converter(boolean schemas, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas),
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), isKey);
        return converter;
    }

    private static @Nullable MethodHandle convertToConnect() {
        try {
            Method method = JsonConverter.class.getDeclaredMethod("convertToConnect", Schema.class, JsonNode.class,
                    JsonConverterConfig.class);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            return null;
        }
    }

    /** Whether payloads are converted directly (not by splicing the schema back in); see {@link #CONVERT_TO_CONNECT}. */
    static boolean convertsPayloadsDirectly() {
        return CONVERT_TO_CONNECT != null;
    }

    /** Decodes a Debezium record (to learn its table and kind before publishing). */
    SourceChange decode(SourceRecord record) {
        return decoder.decode(record.topic(), record.value(), record.sourceOffset());
    }

    byte @Nullable [] key(SourceRecord record) {
        return record.key() == null ? null : keys.fromConnectData(record.topic(), record.keySchema(), record.key());
    }

    /** The schema of the record's value, with its fingerprint; null for a value without a schema. */
    @Nullable ValueSchema valueSchema(SourceRecord record) {
        Schema schema = record.valueSchema();
        if (schema == null) {
            return null;
        }
        ValueSchema known = byIdentity.get(schema);
        if (known == null) {
            if (byIdentity.size() >= 256) {
                byIdentity.clear();
            }
            known = ValueSchema.of(schema, payloads.asJsonSchema(schema));
            byIdentity.put(schema, known);
        }
        return known;
    }

    /**
     * The value as published: the payload alone when it has a schema (which then travels on the schema topic), the
     * inline format for a value without one (nothing to leave out).
     */
    byte[] value(SourceRecord record) {
        if (record.valueSchema() == null) {
            return values.fromConnectData(record.topic(), null, record.value());
        }
        return payloads.fromConnectData(record.topic(), record.valueSchema(), record.value());
    }

    RecordHeaders headers(SourceRecord record, @Nullable ValueSchema schema) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeTopics.SOURCE_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(ChangeTopics.SOURCE_OFFSET_HEADER, offsets.fromConnectData("offset", null, record.sourceOffset()));
        if (schema != null) {
            headers.add(ChangeTopics.VALUE_SCHEMA_HEADER, schema.fingerprint().getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    /** A consumed record as the applier sees it, exactly as if it had come from the engine in-process. */
    @SuppressWarnings("unchecked")
    SourceChange decode(ConsumerRecord<byte[], byte[]> record) {
        String sourceTopic = new String(header(record, ChangeTopics.SOURCE_TOPIC_HEADER), StandardCharsets.UTF_8);
        Object offset = offsets.toConnectData("offset", header(record, ChangeTopics.SOURCE_OFFSET_HEADER)).value();
        return decoder.decode(sourceTopic, value(record), (Map<String, ?>) offset);
    }

    /** The record's value as Connect data, from either format. */
    @Nullable Object value(ConsumerRecord<byte[], byte[]> record) {
        Header fingerprint = record.headers().lastHeader(ChangeTopics.VALUE_SCHEMA_HEADER);
        return fingerprint == null ? values.toConnectData(record.topic(), record.value()).value()
                : payload(record, new String(fingerprint.value(), StandardCharsets.US_ASCII));
    }

    private @Nullable Object payload(ConsumerRecord<byte[], byte[]> record, String fingerprint) {
        if (schemas == null) {
            throw new IllegalStateException("No schema topic to read the schema " + fingerprint + " of record "
                    + record.topic() + "-" + record.partition() + "@" + record.offset() + " from");
        }
        ValueSchema schema = schemas.schema(fingerprint, record);
        if (CONVERT_TO_CONNECT == null) {
            return values.toConnectData(record.topic(), schema.withPayload(record.value())).value();
        }
        try {
            JsonNode payload = record.value() == null ? null : json.readTree(record.value());
            return (Object) CONVERT_TO_CONNECT.invokeExact(schema.schema(), payload, payloadConfig);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not JSON: " + ex.getMessage(), ex);
        }
        catch (RuntimeException | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " has no header " + name + ": not written by a strangler capture");
        }
        return header.value();
    }

    /** The inline format's value bytes from a payload and its schema's JSON (the fallback, and for tests). */
    static byte[] inline(byte[] schemaJson, byte @Nullable [] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(schemaJson.length + 32
                + (payload == null ? 4 : payload.length));
        out.writeBytes("{\"schema\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(schemaJson);
        out.writeBytes(",\"payload\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload == null ? "null".getBytes(StandardCharsets.US_ASCII) : payload);
        out.writeBytes("}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
