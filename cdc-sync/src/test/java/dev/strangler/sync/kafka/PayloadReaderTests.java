package dev.strangler.sync.kafka;

import static dev.strangler.sync.kafka.ChangeEvents.ENVELOPE;
import static dev.strangler.sync.kafka.ChangeEvents.ROW;
import static dev.strangler.sync.kafka.ChangeEvents.copy;
import static dev.strangler.sync.kafka.ChangeEvents.envelope;
import static dev.strangler.sync.kafka.ChangeEvents.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.sync.capture.ChangeDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.junit.jupiter.api.Test;

/**
 * The kit's payload reader against Kafka's public {@link JsonConverter} (the payload with its schema spliced back in,
 * the inline format): the same records decode to the same Connect data, column by column, for every column type a
 * PostgreSQL capture produces ({@link ChangeEvents}).
 */
class PayloadReaderTests {

    private final JsonConverter payloads = converter(false);
    private final JsonConverter inline = converter(true);
    private final ChangeDecoder decoder = new ChangeDecoder();

    @Test
    void readsEveryColumnTypeAsKafkasJsonConverterDoes() throws Exception {
        for (Struct row : rows().stream().map(PayloadReaderTests::asWrittenForReading).toList()) {
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
    void readsNonFiniteFloatsAndNegativeZeroAsThemselvesWhereKafkasConverterReadsZero() throws Exception {
        Struct row = new Struct(ROW).put("id", 3L).put("version", 0).put("real", Float.NEGATIVE_INFINITY)
                .put("double", Double.NaN);
        Struct envelope = envelope("c", row);
        byte[] payload = payloads.fromConnectData("legacy.public.everything", ENVELOPE, envelope);

        Struct kits = (Struct) PayloadReader.read(ENVELOPE, payload);
        Struct kafkas = (Struct) inline.toConnectData("legacy.public.everything", inline(ENVELOPE, payload)).value();

        assertThat(kits).isEqualTo(envelope);
        assertThat(kits.getStruct("after").getFloat64("double")).isNaN();
        assertThat(kits.getStruct("after").getFloat32("real")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(kafkas.getStruct("after").getFloat64("double")).as("Kafka's converter").isZero();

        Struct negativeZero = envelope("c", new Struct(ROW).put("id", 4L).put("version", 0).put("double", -0.0));
        byte[] zero = payloads.fromConnectData("legacy.public.everything", ENVELOPE, negativeZero);
        Struct kitsZero = (Struct) PayloadReader.read(ENVELOPE, zero);

        assertThat(kitsZero).isEqualTo(negativeZero);
        assertThat(Double.doubleToRawLongBits(kitsZero.getStruct("after").getFloat64("double")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(((Struct) inline.toConnectData("legacy.public.everything",
                inline(ENVELOPE, zero)).value()).getStruct("after").getFloat64("double"))).as("Kafka's converter")
                .isEqualTo(Double.doubleToRawLongBits(0.0));
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

    /**
     * The row with bytes as an array, as any reader gives them back (the writer also takes a {@link ByteBuffer}), and
     * without the float values that Kafka's converter reads as zero (a non-finite float, a negative zero), which the
     * kit reads as themselves (the next test).
     */
    private static Struct asWrittenForReading(Struct row) {
        Struct kept = copy(row);
        if (row.get("bytea") instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            kept.put("bytea", bytes);
        }
        Float real = row.getFloat32("real");
        if (real != null && (!Float.isFinite(real) || Float.floatToRawIntBits(real) == Float.floatToRawIntBits(-0f))) {
            kept.put("real", null);
        }
        Double fraction = row.getFloat64("double");
        if (fraction != null && (!Double.isFinite(fraction)
                || Double.doubleToRawLongBits(fraction) == Double.doubleToRawLongBits(-0.0))) {
            kept.put("double", null);
        }
        return kept;
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
