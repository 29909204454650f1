package dev.strangler.sync.kafka;

import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

/**
 * Debezium records as Kafka records and back: the value as Connect JSON with its schema (so the applier decodes the
 * same semantic types as in-process), the key (the row's primary key) as schemaless JSON, so equal keys give equal
 * bytes and land in the same partition, and the source topic and offset as headers. Not thread-safe.
 */
final class ChangeRecordCodec {

    private final JsonConverter values = converter(true, false);
    private final JsonConverter keys = converter(false, true);
    private final JsonConverter offsets = converter(false, false);
    private final ChangeDecoder decoder = new ChangeDecoder();

    private static JsonConverter converter(boolean schemas, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas),
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), isKey);
        return converter;
    }

    /** Decodes a Debezium record (to learn its table and kind before publishing). */
    SourceChange decode(SourceRecord record) {
        return decoder.decode(record.topic(), record.value(), record.sourceOffset());
    }

    byte @Nullable [] key(SourceRecord record) {
        return record.key() == null ? null : keys.fromConnectData(record.topic(), record.keySchema(), record.key());
    }

    byte[] value(SourceRecord record) {
        return values.fromConnectData(record.topic(), record.valueSchema(), record.value());
    }

    RecordHeaders headers(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeTopics.SOURCE_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(ChangeTopics.SOURCE_OFFSET_HEADER, offsets.fromConnectData("offset", null, record.sourceOffset()));
        return headers;
    }

    /** A consumed record as the applier sees it, exactly as if it had come from the engine in-process. */
    @SuppressWarnings("unchecked")
    SourceChange decode(ConsumerRecord<byte[], byte[]> record) {
        String sourceTopic = new String(header(record, ChangeTopics.SOURCE_TOPIC_HEADER), StandardCharsets.UTF_8);
        Object offset = offsets.toConnectData("offset", header(record, ChangeTopics.SOURCE_OFFSET_HEADER)).value();
        SchemaAndValue value = values.toConnectData(record.topic(), record.value());
        return decoder.decode(sourceTopic, value.value(), (Map<String, ?>) offset);
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
