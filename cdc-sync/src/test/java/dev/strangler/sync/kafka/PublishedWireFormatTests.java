package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.sync.capture.ChangeDecoder;
import io.debezium.data.Json;
import io.debezium.data.Uuid;
import io.debezium.data.VariableScaleDecimal;
import io.debezium.data.Xml;
import io.debezium.time.MicroDuration;
import io.debezium.time.MicroTime;
import io.debezium.time.MicroTimestamp;
import io.debezium.time.ZonedTime;
import io.debezium.time.ZonedTimestamp;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
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

    private static final String TOPIC = "legacy.public.everything";
    /** Debezium's placeholder for an unchanged TOASTed value (ChangeCapture sets it). */
    private static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final ObjectMapper TREES = new ObjectMapper();

    /** One column per type a PostgreSQL capture produces with the kit's settings, plus Connect's logical types. */
    private static final Schema ROW = SchemaBuilder.struct().name("legacy.public.everything.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("tiny", Schema.OPTIONAL_INT8_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("integer", Schema.OPTIONAL_INT32_SCHEMA)
            .field("big", Schema.OPTIONAL_INT64_SCHEMA)
            .field("real", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("double", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("new").build())
            .field("version", SchemaBuilder.int32().defaultValue(1).build())
            .field("numeric_10_2", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
            .field("numeric", VariableScaleDecimal.builder().optional().build())
            .field("money", Decimal.builder(2).optional().build())
            .field("date", io.debezium.time.Date.builder().optional().build())
            .field("timestamp", MicroTimestamp.builder().optional().build())
            .field("timestamptz", ZonedTimestamp.builder().optional().build())
            .field("time", MicroTime.builder().optional().build())
            .field("timetz", ZonedTime.builder().optional().build())
            .field("interval", MicroDuration.builder().optional().build())
            .field("uuid", Uuid.builder().optional().build())
            .field("jsonb", Json.builder().optional().build())
            .field("xml", Xml.builder().optional().build())
            .field("enum", io.debezium.data.Enum.builder("new,paid").optional().build())
            .field("bytea", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("text_array", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("int_array", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .field("numeric_array", SchemaBuilder.array(Decimal.builder(2).optional().build()).optional().build())
            .field("connect_date", Date.builder().optional().build())
            .field("connect_time", Time.builder().optional().build())
            .field("connect_timestamp", Timestamp.builder().optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("counts", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT64_SCHEMA).optional().build())
            .optional().build();
    /** Debezium's PostgreSQL source block (the fields the kit reads, and the enum with a default it has). */
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", io.debezium.data.Enum.builder("true,first,last,false,incremental").optional()
                    .defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA).field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA).field("origin", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block")
            .field("id", Schema.STRING_SCHEMA).field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA).optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("legacy.public.everything.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("transaction", TRANSACTION)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
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

    /** Full, empty, edge and placeholder rows; each with the values a column can hold that stress a JSON writer. */
    private static List<Struct> rows() {
        Schema numeric = ROW.field("numeric").schema();
        Struct full = new Struct(ROW).put("id", 1L).put("tiny", (byte) -128).put("small", (short) -7)
                .put("integer", Integer.MIN_VALUE).put("big", Long.MAX_VALUE).put("real", 1.5e-3f).put("double", 0.1)
                .put("flag", true)
                .put("text", "Gr\u00fc\u00dfe, \"quoted\" \\ back/slash\n\t\r\b\f \u0000\u001f\u007f \u2028\u2029 "
                        + "\uD83D\uDE00 \u0645\u0631\u062d\u0628\u0627 </script>")
                .put("status", "paid").put("version", 3)
                .put("numeric_10_2", new BigDecimal("-12345678.90"))
                .put("numeric", VariableScaleDecimal.fromLogical(numeric,
                        new BigDecimal("3.14159265358979323846264338327950288")))
                .put("money", new BigDecimal("0.01")).put("date", 20_429).put("timestamp", 1_765_000_000_123_456L)
                .put("timestamptz", "2026-12-07T04:05:06.123456Z").put("time", 86_399_999_999L)
                .put("timetz", "23:59:59.999999Z").put("interval", 3_600_000_000L)
                .put("uuid", "6f1c1f7e-9b1e-4c2a-9a65-1f2b3c4d5e6f").put("jsonb", "{\"a\": [1, 2.5, null]}")
                .put("xml", "<a b=\"c\"/>").put("enum", "paid").put("bytea", new byte[] {0, 1, -1, 127, -128})
                .put("text_array", Arrays.asList("a", null, "", "\u00e9"))
                .put("int_array", Arrays.asList(1, null, -2, 3))
                .put("numeric_array", Arrays.asList(new BigDecimal("1.50"), null, new BigDecimal("-0.01")))
                .put("connect_date", new java.util.Date(86_400_000L * 20_429))
                .put("connect_time", new java.util.Date(45_296_789L))
                .put("connect_timestamp", new java.util.Date(1_765_000_000_123L))
                .put("labels", labels()).put("counts", counts());
        Struct nulls = new Struct(ROW).put("id", 2L).put("version", 1);
        Struct edges = new Struct(ROW).put("id", Long.MIN_VALUE).put("tiny", Byte.MAX_VALUE)
                .put("small", Short.MAX_VALUE).put("integer", 0).put("big", Long.MIN_VALUE)
                .put("real", Float.MIN_VALUE).put("double", -0.0).put("flag", false).put("text", "")
                .put("version", Integer.MAX_VALUE)
                .put("numeric_10_2", new BigDecimal("0.00"))
                .put("numeric", VariableScaleDecimal.fromLogical(numeric, new BigDecimal("-1E+30")))
                .put("money", new BigDecimal("-92233720368547758.08"))
                .put("date", -719_162).put("timestamp", -2_208_988_800_000_000L)
                .put("timestamptz", "0001-01-01T00:00:00+05:30").put("timetz", "00:00:00-08:00")
                .put("bytea", ByteBuffer.wrap(new byte[] {9, 8, 7})).put("text_array", List.of())
                .put("int_array", Arrays.asList((Integer) null)).put("labels", Map.of()).put("counts", Map.of());
        Struct floats = new Struct(ROW).put("id", 4L).put("version", 0).put("real", Float.NaN)
                .put("double", Double.NEGATIVE_INFINITY).put("bytea", new byte[0]);
        Struct moreFloats = new Struct(ROW).put("id", 5L).put("version", 0).put("real", Float.POSITIVE_INFINITY)
                .put("double", Double.NaN).put("numeric", VariableScaleDecimal.fromLogical(numeric,
                        new BigDecimal("1e-20")));
        Struct largeFloats = new Struct(ROW).put("id", 6L).put("version", 0).put("real", 3.4028235e38f)
                .put("double", 1.7976931348623157e308).put("big", 0L);
        // An update that left TOASTed values out: Debezium's placeholder in each kind of column.
        Struct unavailable = new Struct(ROW).put("id", 3L).put("version", 2).put("text", UNAVAILABLE)
                .put("jsonb", UNAVAILABLE).put("bytea", UNAVAILABLE.getBytes(StandardCharsets.UTF_8))
                .put("text_array", List.of(UNAVAILABLE));
        return List.of(full, nulls, edges, unavailable, floats, moreFloats, largeFloats);
    }

    private static Map<String, @Nullable String> labels() {
        Map<String, @Nullable String> labels = new LinkedHashMap<>();
        labels.put("colour", "red");
        labels.put("\u00e9t\u00e9 \"quoted\"", null);
        return labels;
    }

    private static Map<Integer, Long> counts() {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        counts.put(2, 20L);
        counts.put(1, 10L);
        return counts;
    }

    private static Struct copy(Struct row) {
        Struct copy = new Struct(row.schema());
        row.schema().fields().forEach(field -> copy.put(field, row.getWithoutDefault(field.name())));
        return copy;
    }

    private static Struct envelope(String op, Struct row) {
        Struct envelope = new Struct(ENVELOPE).put("op", op).put("ts_ms", 1_765_000_000_000L)
                .put("source", source(row.getInt64("id")))
                .put("transaction", new Struct(TRANSACTION).put("id", "771:12345").put("total_order", 3L)
                        .put("data_collection_order", 2L));
        if (op.equals("u") || op.equals("d")) {
            envelope.put("before", row);
        }
        if (!op.equals("d")) {
            envelope.put("after", row);
        }
        return envelope;
    }

    private static Struct source(long lsn) {
        Struct source = new Struct(SOURCE).put("version", "3.6.0.Final").put("connector", "postgresql")
                .put("name", "legacy").put("ts_ms", 1_765_000_000_000L).put("db", "legacy")
                .put("schema", "public").put("table", "everything").put("txId", 771L).put("lsn", lsn);
        if (lsn % 2 == 0) {
            source.put("snapshot", "last").put("sequence", "[\"100\",\"" + lsn + "\"]");
        }
        return source;
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
