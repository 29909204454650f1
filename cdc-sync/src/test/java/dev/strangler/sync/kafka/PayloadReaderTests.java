package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.junit.jupiter.api.Test;

/**
 * The kit's payload reader against Kafka's public {@link JsonConverter} (the payload with its schema spliced back in,
 * the inline format): the same records decode to the same Connect data, column by column, for every column type a
 * PostgreSQL capture produces (schemas built by Debezium's own builders, as its PostgreSQL connector builds them with
 * the kit's settings: {@code decimal.handling.mode=precise}, {@code time.precision.mode=adaptive}), plus Connect's own
 * logical types ({@code time.precision.mode=connect}).
 */
class PayloadReaderTests {

    /** One column per type; every column optional, as PostgreSQL columns are unless NOT NULL. */
    private static final Schema ROW = SchemaBuilder.struct().name("legacy.public.everything.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("integer", Schema.OPTIONAL_INT32_SCHEMA)
            .field("big", Schema.OPTIONAL_INT64_SCHEMA)
            .field("real", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("double", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
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
            .field("connect_date", Date.builder().optional().build())
            .field("connect_time", Time.builder().optional().build())
            .field("connect_timestamp", Timestamp.builder().optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("counts", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT64_SCHEMA).optional().build())
            .optional().build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("legacy.public.everything.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    private final JsonConverter payloads = converter(false);
    private final JsonConverter inline = converter(true);
    private final ChangeDecoder decoder = new ChangeDecoder();

    @Test
    void readsEveryColumnTypeAsKafkasJsonConverterDoes() throws Exception {
        Struct full = new Struct(ROW).put("id", 1L).put("small", (short) -7).put("integer", Integer.MIN_VALUE)
                .put("big", Long.MAX_VALUE).put("real", 1.5e-3f).put("double", 0.1)
                .put("flag", true).put("text", "Grüße, \"quoted\"\n\t\u2603")
                .put("numeric_10_2", new BigDecimal("-12345678.90"))
                .put("numeric", VariableScaleDecimal.fromLogical(ROW.field("numeric").schema(),
                        new BigDecimal("3.14159265358979323846264338327950288")))
                .put("money", new BigDecimal("0.01")).put("date", 20_429).put("timestamp", 1_765_000_000_123_456L)
                .put("timestamptz", "2026-12-07T04:05:06.123456Z").put("time", 86_399_999_999L)
                .put("timetz", "23:59:59.999999Z").put("interval", 3_600_000_000L)
                .put("uuid", "6f1c1f7e-9b1e-4c2a-9a65-1f2b3c4d5e6f").put("jsonb", "{\"a\": [1, 2.5, null]}")
                .put("xml", "<a b=\"c\"/>").put("enum", "paid").put("bytea", new byte[] {0, 1, -1, 127, -128})
                .put("text_array", List.of("a", "", "c")).put("int_array", List.of(1, -2, 3))
                .put("connect_date", new java.util.Date(86_400_000L * 20_429))
                .put("connect_time", new java.util.Date(45_296_789L))
                .put("connect_timestamp", new java.util.Date(1_765_000_000_123L))
                .put("labels", Map.of("colour", "red")).put("counts", Map.of(1, 10L, 2, 20L));
        Struct nulls = new Struct(ROW).put("id", 2L);
        Struct edges = new Struct(ROW).put("id", Long.MIN_VALUE).put("small", Short.MAX_VALUE)
                .put("integer", 0).put("big", Long.MIN_VALUE).put("real", Float.MAX_VALUE)
                .put("double", 4.9e-324).put("flag", false).put("text", "")
                .put("numeric_10_2", new BigDecimal("0.00"))
                .put("numeric", VariableScaleDecimal.fromLogical(ROW.field("numeric").schema(),
                        new BigDecimal("-1E+30")))
                .put("date", -719_162).put("timestamp", -2_208_988_800_000_000L).put("bytea", new byte[0])
                .put("text_array", List.of()).put("labels", Map.of()).put("counts", Map.of());

        for (Struct row : List.of(full, nulls, edges)) {
            for (String op : List.of("c", "u", "d")) {
                Struct envelope = envelope(op, row);
                byte[] payload = payloads.fromConnectData("legacy.public.everything", ENVELOPE, envelope);
                Object kits = PayloadReader.read(ENVELOPE, payload);
                Object kafkas = inline.toConnectData("legacy.public.everything", inline(ENVELOPE, payload)).value();

                assertSameColumns((Struct) kits, (Struct) kafkas, op);
                assertThat(kits).as("op %s, row %s", op, row.get("id")).isEqualTo(kafkas).isEqualTo(envelope);
                assertThat(decoder.decode("legacy.public.everything", kits, Map.of("lsn", 1L)).row())
                        .as("op %s, row %s, as the applier sees it", op, row.get("id"))
                        .usingRecursiveComparison()
                        .isEqualTo(decoder.decode("legacy.public.everything", kafkas, Map.of("lsn", 1L)).row());
            }
        }
    }

    @Test
    void readsNonFiniteFloatsAsThemselvesWhereKafkasConverterReadsZero() throws Exception {
        Struct row = new Struct(ROW).put("id", 3L).put("real", Float.NEGATIVE_INFINITY).put("double", Double.NaN);
        Struct envelope = envelope("c", row);
        byte[] payload = payloads.fromConnectData("legacy.public.everything", ENVELOPE, envelope);

        Struct kits = (Struct) PayloadReader.read(ENVELOPE, payload);
        Struct kafkas = (Struct) inline.toConnectData("legacy.public.everything", inline(ENVELOPE, payload)).value();

        assertThat(kits).isEqualTo(envelope);
        assertThat(kits.getStruct("after").getFloat64("double")).isNaN();
        assertThat(kits.getStruct("after").getFloat32("real")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(kafkas.getStruct("after").getFloat64("double")).as("Kafka's converter").isZero();
    }

    @Test
    void readsASourceOffsetAsKafkasSchemalessConverterDoes() throws Exception {
        Map<String, Object> offset = new java.util.HashMap<>(Map.of("lsn_proc", 123L, "lsn_commit", 456L, "lsn", 789L,
                "txId", 12, "ts_usec", 1_765_000_000_000_000L, "snapshot", "INITIAL", "snapshot_completed", false,
                "messageType", "INSERT", "ratio", 0.5, "nested", Map.of("a", List.of(1, "b"))));
        offset.put("none", null);
        byte[] header = payloads.fromConnectData("offset", null, offset);

        assertThat(PayloadReader.readSchemaless(header))
                .isEqualTo(payloads.toConnectData("offset", header).value())
                .isInstanceOf(Map.class);
    }

    @Test
    void refusesAValueOfTheWrongKindOrAMissingRequiredField() throws Exception {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA).build();

        assertThatThrownBy(() -> PayloadReader.read(schema, bytes("{\"id\":\"7\"}")))
                .isInstanceOf(DataException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> PayloadReader.read(schema, bytes("{\"id\":7,\"name\":7}")))
                .isInstanceOf(DataException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> PayloadReader.read(schema, bytes("{\"name\":\"Ada\"}")))
                .isInstanceOf(DataException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> PayloadReader.read(schema, bytes("{\"id\":null}")))
                .isInstanceOf(DataException.class);
        assertThat(PayloadReader.read(schema, bytes("{\"id\":7,\"unknown\":{\"a\":[1]}}")))
                .isEqualTo(new Struct(schema).put("id", 7L));
    }

    /**
     * Compared one column at a time first, so that a difference names its column (Struct's own equality only says
     * that two structs differ).
     */
    private static void assertSameColumns(Struct kits, Struct kafkas, String op) {
        for (String side : List.of("before", "after")) {
            Struct mine = kits.getStruct(side);
            Struct reference = kafkas.getStruct(side);
            assertThat(mine == null).as("op %s: %s present", op, side).isEqualTo(reference == null);
            if (mine == null) {
                continue;
            }
            for (Field field : ROW.fields()) {
                assertThat(mine.get(field)).as("op %s, %s.%s", op, side, field.name())
                        .isEqualTo(reference.get(field));
            }
        }
    }

    private static Struct envelope(String op, Struct row) {
        Struct envelope = new Struct(ENVELOPE).put("op", op).put("ts_ms", 1_765_000_000_000L)
                .put("source", new Struct(SOURCE).put("schema", "public").put("table", "everything")
                        .put("lsn", 42L).put("ts_ms", 1_765_000_000_000L));
        if (!op.equals("c")) {
            envelope.put("before", row);
        }
        if (!op.equals("d")) {
            envelope.put("after", row);
        }
        return envelope;
    }

    /** The inline format: the schema's JSON (as capture publishes it) and the payload in one envelope. */
    private byte[] inline(Schema schema, byte[] payload) {
        byte[] schemaJson = ValueSchema.of(schema, payloads.asJsonSchema(schema)).json();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("{\"schema\":"));
        out.writeBytes(schemaJson);
        out.writeBytes(bytes(",\"payload\":"));
        out.writeBytes(payload);
        out.writeBytes(bytes("}"));
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonConverter converter(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas),
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), false);
        return converter;
    }
}
