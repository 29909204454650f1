package dev.strangler.sync.kafka;

import static dev.strangler.sync.kafka.ChangeEvents.ENVELOPE;
import static dev.strangler.sync.kafka.ChangeEvents.SOURCE;
import static dev.strangler.sync.kafka.ChangeEvents.TOPIC;
import static dev.strangler.sync.kafka.ChangeEvents.copy;
import static dev.strangler.sync.kafka.ChangeEvents.envelope;
import static dev.strangler.sync.kafka.ChangeEvents.rows;
import static dev.strangler.sync.kafka.ChangeEvents.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.sync.capture.ChangeDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What capture publishes (the record's key, its value and its source offset header, as {@link ChangeRecordCodec}
 * writes them) against Kafka Connect's {@link JsonConverter} configured as capture configured it when the format was
 * defined ({@code schemas.enable=false}, {@code replace.null.with.default=false}; the inline format for a value
 * without a schema): every representative change event must give the same JSON, byte for byte, and
 * {@link PayloadReader} and the applier's decoder must read both to the same change. This is the wire format existing
 * topics hold, the Connect plugin and every applier read: changing how capture writes it must not change it.
 */
class PublishedWireFormatTests {

    private static final ObjectMapper TREES = new ObjectMapper();

    private static final Schema KEY = SchemaBuilder.struct().name("legacy.public.everything.Key")
            .field("id", Schema.INT64_SCHEMA).field("region", Schema.STRING_SCHEMA).build();
    /** A logical decoding message, as Debezium publishes a drain marker. */
    private static final Schema MESSAGE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Message")
            .field("prefix", Schema.STRING_SCHEMA).field("content", Schema.BYTES_SCHEMA).build();
    private static final Schema MESSAGE_ENVELOPE = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.MessageValue")
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("source", SOURCE).field("message", MESSAGE).build();
    private static final Schema HEARTBEAT = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
            .field("ts_ms", Schema.INT64_SCHEMA).build();
    private static final Schema HEARTBEAT_KEY = SchemaBuilder.struct()
            .name("io.debezium.connector.common.ServerNameKey").field("serverName", Schema.STRING_SCHEMA).build();

    private final ChangeRecordCodec codec = new ChangeRecordCodec();
    private final PayloadWriter writer = new PayloadWriter();
    private final ChangeDecoder decoder = new ChangeDecoder();

    /** The formats as capture defined them, written by Kafka Connect's converter. */
    private final JsonConverter payloads = converter(false, false);
    private final JsonConverter inline = converter(true, false);
    private final JsonConverter keys = converter(false, true);

    @Test
    void publishesRowChangesAsKafkaConnectsJsonConverterWritesThem() throws Exception {
        for (Struct row : rows()) {
            for (String op : List.of("r", "c", "u", "d")) {
                Struct envelope = envelope(op, row);
                String what = "op " + op + ", row " + row.get("id");
                Struct key = new Struct(KEY).put("id", row.getInt64("id")).put("region", "eu-west");
                SourceRecord record = new SourceRecord(Map.of("server", "legacy"), offset(row.getInt64("id")), TOPIC,
                        null, KEY, key, ENVELOPE, envelope);

                assertSamePayload(what, ENVELOPE, codec.value(record),
                        payloads.fromConnectData(TOPIC, ENVELOPE, envelope));
                assertSamePayload(what + ", by the kit's writer", ENVELOPE, writer.payload(ENVELOPE, envelope),
                        payloads.fromConnectData(TOPIC, ENVELOPE, envelope));
                assertSameJson(what + ", key", codec.key(record), keys.fromConnectData(TOPIC, KEY, key));
                assertSameJson(what + ", source offset header", offsetHeader(record),
                        payloads.fromConnectData("offset", null, record.sourceOffset()));
            }
        }
    }

    @Test
    void publishesMarkersHeartbeatsAndTruncatesAsKafkaConnectsJsonConverterWritesThem() throws Exception {
        Struct marker = new Struct(MESSAGE_ENVELOPE).put("op", "m").put("ts_ms", 1_765_000_000_000L)
                .put("source", source(7L))
                .put("message", new Struct(MESSAGE).put("prefix", ChangeDecoder.MARKER_PREFIX)
                        .put("content", "drain-2026-12-07T09:00:00Z-\u00e9".getBytes(StandardCharsets.UTF_8)));
        Struct heartbeat = new Struct(HEARTBEAT).put("ts_ms", 1_765_000_000_001L);
        // Never published (capture stops at a truncate), but a value like any other to the writer.
        Struct truncate = new Struct(ENVELOPE).put("op", "t").put("ts_ms", 1_765_000_000_002L).put("source",
                source(8L));

        assertSamePayload("marker", MESSAGE_ENVELOPE, codec.value(record(MESSAGE_ENVELOPE, marker)),
                payloads.fromConnectData(TOPIC, MESSAGE_ENVELOPE, marker));
        SourceRecord beat = new SourceRecord(Map.of("server", "legacy"), offset(9L), "__debezium-heartbeat.legacy",
                null, HEARTBEAT_KEY, new Struct(HEARTBEAT_KEY).put("serverName", "legacy"), HEARTBEAT, heartbeat);
        assertSamePayload("heartbeat", HEARTBEAT, codec.value(beat),
                payloads.fromConnectData(beat.topic(), HEARTBEAT, heartbeat));
        assertSameJson("heartbeat key", codec.key(beat),
                keys.fromConnectData(beat.topic(), HEARTBEAT_KEY, beat.key()));
        assertSameJson("truncate", codec.value(record(ENVELOPE, truncate)),
                payloads.fromConnectData(TOPIC, ENVELOPE, truncate));
    }

    /** A value without a schema has nothing to leave out: it is published with its (null) schema inline. */
    @Test
    void publishesAValueWithoutASchemaInTheInlineFormat() throws Exception {
        Map<String, @Nullable Object> value = new LinkedHashMap<>();
        value.put("ts_ms", 1_765_000_000_000L);
        value.put("ratio", 0.25);
        value.put("name", "h\u00e9artbeat \"x\"");
        value.put("none", null);
        value.put("list", Arrays.asList(1, null, "two", true));
        value.put("bytes", new byte[] {0, -1, 2});
        value.put("nested", Map.of("a", List.of(1L)));
        value.put("pairs", Map.of(1, "one"));
        SourceRecord schemaless = new SourceRecord(Map.of(), offset(10L), "legacy.other", null, null, null, null,
                value);
        SourceRecord nothing = new SourceRecord(Map.of(), offset(11L), "legacy.other", null, null, null, null, null);

        assertSameJson("schemaless value", codec.value(schemaless),
                inline.fromConnectData(schemaless.topic(), null, value));
        assertSameJson("schemaless value, by the kit's writer", writer.inlineWithoutSchema(value),
                inline.fromConnectData(schemaless.topic(), null, value));
        assertThat(writer.inlineWithoutSchema(null)).isNull();
        assertThat(writer.payload(null, null)).isNull();
        assertThat(codec.value(nothing)).as("no schema and no value").isNull();
        assertThat(inline.fromConnectData(nothing.topic(), null, null)).isNull();
        assertThat(codec.key(nothing)).isNull();
    }

    /** The harness itself: one column off, anywhere in a row, is reported, naming where. */
    @Test
    void reportsAPayloadThatDiffersInOneColumn() throws Exception {
        Struct row = rows().get(0);
        Struct changed = copy(row).put("text", row.getString("text") + "!");
        Struct envelope = envelope("u", row);
        SourceRecord record = record(ENVELOPE, envelope);

        assertThatThrownBy(() -> assertSamePayload("one column off", ENVELOPE, codec.value(record),
                payloads.fromConnectData(TOPIC, ENVELOPE, envelope("u", changed))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("one column off");
        assertThatThrownBy(() -> assertSameJson("bytes off", codec.value(record),
                payloads.fromConnectData(TOPIC, ENVELOPE, envelope("u", changed))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("bytes off");
    }

    private static Map<String, ?> offset(long lsn) {
        Map<String, @Nullable Object> offset = new HashMap<>();
        offset.put("lsn_proc", lsn);
        offset.put("lsn_commit", lsn - 1);
        offset.put("lsn", lsn);
        offset.put("txId", 771);
        offset.put("ts_usec", 1_765_000_000_000_000L);
        offset.put("messageType", "UPDATE");
        if (lsn % 2 == 0) {
            offset.put("snapshot", "INITIAL");
            offset.put("snapshot_completed", false);
            offset.put("last_snapshot_record", null);
        }
        return offset;
    }

    private static SourceRecord record(Schema schema, Struct value) {
        return new SourceRecord(Map.of("server", "legacy"), offset(42L), TOPIC, null, null, null, schema, value);
    }

    private byte[] offsetHeader(SourceRecord record) {
        Header header = codec.headers(record, codec.valueSchema(record)).lastHeader(ChangeTopics.SOURCE_OFFSET_HEADER);
        assertThat(header).as("source offset header").isNotNull();
        return header.value();
    }

    /**
     * The same bytes, and so the same JSON; and {@link PayloadReader} and the applier's decoder read both to the same
     * change.
     */
    private void assertSamePayload(String what, Schema schema, byte[] published, byte[] reference)
            throws IOException {
        assertSameJson(what, published, reference);
        Object read = PayloadReader.read(schema, published);
        Object referenceRead = PayloadReader.read(schema, reference);
        assertThat(read).as("%s, read by PayloadReader", what).isEqualTo(referenceRead);
        if (schema == ENVELOPE || schema == MESSAGE_ENVELOPE) {
            assertThat(decoder.decode(TOPIC, read, Map.of("lsn", 1L)))
                    .as("%s, as the applier sees it", what).usingRecursiveComparison()
                    // Exactly, NaN equal to itself (AssertJ's default compares floats within a tolerance, NaN never).
                    .withComparatorForType(Float::compare, Float.class)
                    .withComparatorForType(Double::compare, Double.class)
                    .isEqualTo(decoder.decode(TOPIC, referenceRead, Map.of("lsn", 1L)));
        }
    }

    private static void assertSameJson(String what, byte @Nullable [] published, byte @Nullable [] reference)
            throws IOException {
        assertThat(published).as("%s: published", what).isNotNull();
        assertThat(reference).as("%s: reference", what).isNotNull();
        JsonNode tree = TREES.readTree(published);
        assertThat(tree).as("%s, as JSON", what).isEqualTo(TREES.readTree(reference));
        assertThat(new String(published, StandardCharsets.UTF_8)).as("%s, as bytes", what)
                .isEqualTo(new String(reference, StandardCharsets.UTF_8));
    }

    private static JsonConverter converter(boolean schemas, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas),
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), isKey);
        return converter;
    }
}
