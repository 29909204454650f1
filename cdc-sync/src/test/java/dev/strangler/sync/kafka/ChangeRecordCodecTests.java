package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The two value formats (schema inline, and payload plus fingerprint) decode to the same Connect data. */
class ChangeRecordCodecTests {

    private static final Schema ROW = SchemaBuilder.struct().name("legacy.public.items.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("price", Decimal.builder(2).optional().build())
            .field("written_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
            .field("born", Date.builder().optional().build())
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .optional().build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("legacy.public.items.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    private final Map<String, ValueSchema> published = new HashMap<>();
    private final ChangeRecordCodec codec = new ChangeRecordCodec((fingerprint, record) -> {
        ValueSchema schema = published.get(fingerprint);
        if (schema == null) {
            throw new IllegalStateException("no schema " + fingerprint);
        }
        return schema;
    });

    @Test
    void decodesAPayloadWithItsFingerprintToWhatTheInlineFormatDecodesTo() {
        Struct after = new Struct(ROW).put("id", 7L).put("name", "Ada").put("price", new BigDecimal("12.30"))
                .put("written_at", 1_765_000_000_123_456L).put("born", new java.util.Date(86_400_000L * 365))
                .put("ratio", 0.1).put("photo", new byte[] {1, 2, 3}).put("tags", List.of("a", "b"));
        Struct value = new Struct(ENVELOPE).put("after", after).put("op", "c")
                .put("source", new Struct(SOURCE).put("table", "items").put("lsn", 42L));
        SourceRecord record = new SourceRecord(Map.of(), Map.of("lsn", 42L), "legacy.public.items", null, null,
                null, ENVELOPE, value);

        ValueSchema schema = codec.valueSchema(record);
        assertThat(schema).isNotNull();
        assertThat(codec.valueSchema(record)).isSameAs(schema);
        published.put(schema.fingerprint(), schema);
        byte[] payload = codec.value(record);
        ConsumerRecord<byte[], byte[]> current = consumed(payload, codec.headers(record, schema));
        ConsumerRecord<byte[], byte[]> inline = consumed(inlineFormat(record), codec.headers(record, null));

        assertThat(codec.value(current)).isEqualTo(value).isEqualTo(codec.value(inline));
        assertThat(payload.length).isLessThan(inlineFormat(record).length / 3);
        assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain("\"schema\"");
    }

    @Test
    void givesEqualSchemasOneFingerprintAndADifferentSchemaAnother() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
        ValueSchema one = ValueSchema.of(ENVELOPE, converter.asJsonSchema(ENVELOPE));
        Schema widened = SchemaBuilder.struct().name(ENVELOPE.name()).field("op", Schema.STRING_SCHEMA)
                .field("loyalty_tier", Schema.OPTIONAL_STRING_SCHEMA).build();

        assertThat(ValueSchema.of(ENVELOPE, converter.asJsonSchema(ENVELOPE)).fingerprint())
                .isEqualTo(one.fingerprint()).hasSize(32);
        assertThat(ValueSchema.of(widened, converter.asJsonSchema(widened)).fingerprint())
                .isNotEqualTo(one.fingerprint());
        assertThat(ValueSchema.read(one.fingerprint(), one.json(), converter).schema()).isEqualTo(ENVELOPE);
        assertThatThrownBy(() -> ValueSchema.read("0".repeat(32), one.json(), converter))
                .hasMessageContaining("0".repeat(32)).hasMessageContaining(one.fingerprint());
    }

    /** The format written before fingerprints: Connect JSON with the schema in every value. */
    private static byte[] inlineFormat(SourceRecord record) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true",
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), false);
        return converter.fromConnectData(record.topic(), record.valueSchema(), record.value());
    }

    private static ConsumerRecord<byte[], byte[]> consumed(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("strangler.items.forward.public.items", 0, 0L, 0L, TimestampType.CREATE_TIME,
                0, value.length, null, value, headers, Optional.empty());
    }
}
