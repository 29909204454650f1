package dev.strangler.sync.kafka;

import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
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
 *
 * <p>Capture writes keys, values and source offsets with the kit's {@link PayloadWriter} (one pass of a streaming
 * generator) in exactly the JSON Kafka's {@code JsonConverter} wrote for them before ({@code PublishedWireFormatTests});
 * the converter still writes a schema's JSON, once per schema version (its bytes are the fingerprint), and reads
 * records in the inline format.
 */
final class ChangeRecordCodec {

    private final JsonConverter values = converter(true, false);
    private final JsonConverter payloads = converter(false, false);
    private final PayloadWriter writer = new PayloadWriter();
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

    /** A Debezium record's kind and table, to route it before publishing; its columns are not converted. */
    ChangeDecoder.Route route(SourceRecord record) {
        return decoder.route(record.topic(), record.value(), record.sourceOffset());
    }

    byte @Nullable [] key(SourceRecord record) {
        return record.key() == null ? null : writer.payload(record.keySchema(), record.key());
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
    byte @Nullable [] value(SourceRecord record) {
        if (record.valueSchema() == null) {
            return writer.inlineWithoutSchema(record.value());
        }
        return writer.payload(record.valueSchema(), record.value());
    }

    RecordHeaders headers(SourceRecord record, @Nullable ValueSchema schema) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeTopics.SOURCE_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(ChangeTopics.SOURCE_OFFSET_HEADER, writer.payload(null, record.sourceOffset()));
        if (schema != null) {
            headers.add(ChangeTopics.VALUE_SCHEMA_HEADER, schema.fingerprint().getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    /** A consumed record as the applier sees it, exactly as if it had come from the engine in-process. */
    @SuppressWarnings("unchecked")
    SourceChange decode(ConsumerRecord<byte[], byte[]> record) {
        String sourceTopic = new String(header(record, ChangeTopics.SOURCE_TOPIC_HEADER), StandardCharsets.UTF_8);
        Object offset;
        try {
            offset = PayloadReader.readSchemaless(header(record, ChangeTopics.SOURCE_OFFSET_HEADER));
        }
        catch (IOException | DataException ex) {
            throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " has a header " + ChangeTopics.SOURCE_OFFSET_HEADER + " that is not a "
                    + "source offset: " + ex.getMessage(), ex);
        }
        if (!(offset instanceof Map<?, ?>)) {
            throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " has a header " + ChangeTopics.SOURCE_OFFSET_HEADER + " that is not a "
                    + "JSON object");
        }
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
        try {
            return PayloadReader.read(schema.schema(), record.value());
        }
        catch (IOException | DataException ex) {
            throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " does not hold a payload of schema " + fingerprint + ": " + ex.getMessage(),
                    ex);
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
}
