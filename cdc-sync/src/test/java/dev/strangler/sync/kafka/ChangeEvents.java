package dev.strangler.sync.kafka;

import io.debezium.data.Json;
import io.debezium.data.Uuid;
import io.debezium.data.VariableScaleDecimal;
import io.debezium.data.Xml;
import io.debezium.time.MicroDuration;
import io.debezium.time.MicroTime;
import io.debezium.time.MicroTimestamp;
import io.debezium.time.ZonedTime;
import io.debezium.time.ZonedTimestamp;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.jspecify.annotations.Nullable;

/**
 * Change events of one table with a column of every type a PostgreSQL capture produces with the kit's settings
 * ({@code decimal.handling.mode=precise}, {@code time.precision.mode=adaptive}; schemas built by Debezium's own
 * builders, as its PostgreSQL connector builds them), plus Connect's own logical types
 * ({@code time.precision.mode=connect}): what the wire format's tests publish and read.
 */
final class ChangeEvents {

    static final String TOPIC = "legacy.public.everything";
    /** Debezium's placeholder for an unchanged TOASTed value (ChangeCapture sets it). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    /** One column per type a PostgreSQL capture produces with the kit's settings, plus Connect's logical types. */
    static final Schema ROW = SchemaBuilder.struct().name("legacy.public.everything.Value")
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
    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", io.debezium.data.Enum.builder("true,first,last,false,incremental").optional()
                    .defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA).field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA).field("origin", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block")
            .field("id", Schema.STRING_SCHEMA).field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA).optional().build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("legacy.public.everything.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("transaction", TRANSACTION)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    /** Full, empty, edge and placeholder rows; each with the values a column can hold that stress a JSON writer. */
    static List<Struct> rows() {
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

    static Struct copy(Struct row) {
        Struct copy = new Struct(row.schema());
        row.schema().fields().forEach(field -> copy.put(field, row.getWithoutDefault(field.name())));
        return copy;
    }

    static Struct envelope(String op, Struct row) {
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

    static Struct source(long lsn) {
        Struct source = new Struct(SOURCE).put("version", "3.6.0.Final").put("connector", "postgresql")
                .put("name", "legacy").put("ts_ms", 1_765_000_000_000L).put("db", "legacy")
                .put("schema", "public").put("table", "everything").put("txId", 771L).put("lsn", lsn);
        if (lsn % 2 == 0) {
            source.put("snapshot", "last").put("sequence", "[\"100\",\"" + lsn + "\"]");
        }
        return source;
    }

    private ChangeEvents() {
    }
}
