package dev.strangler.sync.capture;

import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.jspecify.annotations.Nullable;

/**
 * Turns Debezium's Connect records into {@link SourceChange}s with plain Java column values, so that mapping and
 * applying never see Connect or Debezium types. Used for records straight from the engine and for records that went
 * through Kafka as JSON with schemas. A TRUNCATE is refused with an exception naming the table.
 */
public final class ChangeDecoder {

    /** The prefix of the logical messages a pipeline writes as drain markers. */
    public static final String MARKER_PREFIX = "strangler_sync_marker";

    /**
     * What Debezium sends for a value the change does not carry: a TOASTed column an update left unchanged, when the
     * table's replica identity is not FULL. Set as {@code unavailable.value.placeholder} by {@link ChangeCapture}.
     */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);

    /** Whether a resync of the table already carried a truncate at this position across (then it is passed). */
    @FunctionalInterface
    public interface TruncateCoverage {
        boolean covered(TableName table, SourcePosition position);
    }

    private final JsonConverter offsetConverter = new JsonConverter();
    private final TruncateCoverage truncates;

    /** A decoder that stops at every truncate. */
    public ChangeDecoder() {
        this((table, position) -> false);
    }

    /** A decoder that passes the truncates {@code truncates} covers and stops at every other. */
    public ChangeDecoder(TruncateCoverage truncates) {
        this.truncates = truncates;
        offsetConverter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false",
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), false);
    }

    public SourceChange decode(String topic, @Nullable Object value, Map<String, ?> sourceOffset) {
        return decode(topic, value, sourceOffset, true);
    }

    /**
     * What a record is and, for a row change, its table, without converting its columns: what the Kafka capture
     * needs to route a record whose value it publishes as Debezium wrote it. A TRUNCATE throws as in {@link #decode}.
     */
    public Route route(String topic, @Nullable Object value, Map<String, ?> sourceOffset) {
        SourceChange change = decode(topic, value, sourceOffset, false);
        return new Route(change.kind(), change.row() == null ? null : change.row().table());
    }

    /**
     * A record's kind and table.
     *
     * @param kind what the record is
     * @param table the changed row's table, for a {@link SourceChange.Kind#ROW}; else null
     */
    public record Route(SourceChange.Kind kind, @Nullable TableName table) {
    }

    /** With {@code columns} false, a row change's before and after are left out (null): see {@link #route}. */
    private SourceChange decode(String topic, @Nullable Object value, Map<String, ?> sourceOffset,
            boolean columns) {
        SourcePosition position = position(sourceOffset);
        if (topic.startsWith(HEARTBEAT_TOPIC_PREFIX) || !(value instanceof Struct struct)) {
            long ts = value instanceof Struct s && s.schema().field("ts_ms") != null ? s.getInt64("ts_ms")
                    : System.currentTimeMillis();
            return new SourceChange(SourceChange.Kind.HEARTBEAT, null, position, ts, null, null);
        }
        Struct source = struct.schema().field("source") != null ? struct.getStruct("source") : null;
        long ts = source != null && source.get("ts_ms") != null ? source.getInt64("ts_ms")
                : System.currentTimeMillis();
        String origin = source != null && source.schema().field("origin") != null ? source.getString("origin") : null;
        String op = struct.schema().field("op") != null ? struct.getString("op") : "";
        if ("m".equals(op)) {
            Struct message = struct.getStruct("message");
            String prefix = message.getString("prefix");
            Object content = message.get("content");
            String text = content instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : content instanceof ByteBuffer buffer ? StandardCharsets.UTF_8.decode(buffer.duplicate()).toString()
                    : String.valueOf(content);
            SourceChange.Kind kind = MARKER_PREFIX.equals(prefix) ? SourceChange.Kind.MARKER : SourceChange.Kind.OTHER;
            return new SourceChange(kind, null, position, ts, origin, text);
        }
        if ("t".equals(op)) {
            TableName table = source == null ? null : new TableName(source.getString("schema"),
                    source.getString("table"));
            if (table == null || !truncates.covered(table, position)) {
                throw truncated(table, position);
            }
            // A resync read the table after this truncate: already carried across, position only.
            return new SourceChange(SourceChange.Kind.OTHER, null, position, ts, origin, null);
        }
        RowChange.Kind kind = switch (op) {
            case "r" -> RowChange.Kind.READ;
            case "c" -> RowChange.Kind.INSERT;
            case "u" -> RowChange.Kind.UPDATE;
            case "d" -> RowChange.Kind.DELETE;
            default -> null;
        };
        if (kind == null || source == null) {
            // Anything newer than this code: position only.
            return new SourceChange(SourceChange.Kind.OTHER, null, position, ts, origin, null);
        }
        TableName table = new TableName(source.getString("schema"), source.getString("table"));
        RowChange row = columns ? new RowChange(table, kind, row(struct, "before"), row(struct, "after"))
                : new RowChange(table, kind, null, null);
        return new SourceChange(SourceChange.Kind.ROW, row, position, ts, origin, null);
    }

    /**
     * A TRUNCATE is never skipped in silence: the other side would keep every row the source lost, and only a verifier
     * would notice. It stops the stream before anything of its batch is applied (see README, "TRUNCATE").
     */
    private static IllegalStateException truncated(@Nullable TableName truncated, SourcePosition position) {
        String table = truncated == null ? "a captured table" : truncated.toString();
        return new IllegalStateException("TRUNCATE of " + table + " in the captured database (LSN "
                + position.lsnText() + "): a truncate is not carried across on its own, so the stream stops instead "
                + "of skipping it; the other side still holds the rows. To go on, resync " + table + " (POST "
                + "/pipelines/{name}/resync), then start the pipeline: it passes a truncate the resync read past "
                + "(cdc-sync README, \"TRUNCATE\")");
    }

    public SourcePosition position(Map<String, ?> sourceOffset) {
        // Written out only when asked for: the applier stores the newest change's offset of a batch, no other.
        return SourcePosition.withOffsetWrittenLater(() -> new String(offsetConverter.fromConnectData("offset", null,
                sourceOffset), StandardCharsets.UTF_8), asLong(sourceOffset.get("lsn_commit")),
                asLong(sourceOffset.get("lsn")), sourceOffset.containsKey("snapshot")
                        && !Boolean.TRUE.equals(sourceOffset.get("snapshot_completed"))
                        && !"false".equals(String.valueOf(sourceOffset.get("snapshot"))));
    }

    private static @Nullable Long asLong(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static @Nullable Map<String, @Nullable Object> row(Struct envelope, String name) {
        if (envelope.schema().field(name) == null) {
            return null;
        }
        Struct row = envelope.getStruct(name);
        if (row == null) {
            return null;
        }
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (Field field : row.schema().fields()) {
            Object value = javaValue(field.schema(), row.get(field));
            // Left out, never written: the column keeps the value it has on the other side (it did not change).
            if (!unavailable(value)) {
                values.put(field.name(), value);
            }
        }
        return values;
    }

    private static boolean unavailable(@Nullable Object value) {
        return UNAVAILABLE.equals(value) || value instanceof byte[] bytes && Arrays.equals(bytes, UNAVAILABLE_BYTES)
                || value instanceof List<?> list && list.size() == 1 && unavailable(list.get(0));
    }

    /** Debezium's semantic types to the java.time, BigDecimal and UUID values that pgjdbc binds directly. */
    static @Nullable Object javaValue(Schema schema, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        String name = schema.name() == null ? "" : schema.name();
        return switch (name) {
            case "io.debezium.time.ZonedTimestamp" -> zonedTimestamp((String) value);
            case "io.debezium.time.ZonedTime" -> OffsetTime.parse((String) value);
            case "io.debezium.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue());
            case "org.apache.kafka.connect.data.Date" -> value instanceof java.util.Date d
                    ? LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC) : value;
            case "io.debezium.time.MicroTimestamp" -> micros(((Number) value).longValue());
            case "io.debezium.time.Timestamp" -> LocalDateTime.ofInstant(
                    Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC);
            case "io.debezium.time.NanoTimestamp" -> micros(((Number) value).longValue() / 1000);
            case "io.debezium.time.MicroTime" -> LocalTime.ofNanoOfDay(((Number) value).longValue() * 1000);
            case "io.debezium.time.Time" -> LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000);
            case "io.debezium.data.Uuid" -> UUID.fromString((String) value);
            case "io.debezium.data.VariableScaleDecimal" -> {
                Struct decimal = (Struct) value;
                byte[] bytes = decimal.getBytes("value");
                yield new BigDecimal(new BigInteger(bytes), decimal.getInt32("scale"));
            }
            default -> value instanceof ByteBuffer buffer ? bytes(buffer)
                    // Not List.copyOf: an array column may hold NULL elements.
                    : value instanceof List<?> list ? Collections.unmodifiableList(new ArrayList<>(list)) : value;
        };
    }

    /**
     * Debezium's ZonedTimestamp text, as {@link OffsetDateTime#parse} reads it. The form Debezium writes for
     * PostgreSQL's {@code timestamptz} ({@code 2026-12-06T20:15:30.123456Z}: UTC, 0 to 9 fraction digits) is read
     * by hand, because the general parser cost more than mapping and binding the row together; any other form, and
     * any out-of-range field, goes to the general parser (and gets its answer or its exception).
     */
    static OffsetDateTime zonedTimestamp(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && length != 21 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(length - 1) == 'Z' && (length == 20 || text.charAt(19) == '.')) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = 0;
            if (length > 20) {
                int fraction = digits(text, 20, length - 1);
                nanos = fraction < 0 ? -1 : fraction * POWERS_OF_TEN[9 - (length - 21)];
            }
            if ((year | month | day | hour | minute | second | nanos) >= 0 && month >= 1 && month <= 12 && day >= 1
                    && day <= 31 && hour <= 23 && minute <= 59 && second <= 59) {
                try {
                    return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.UTC);
                }
                catch (java.time.DateTimeException ex) {
                    // e.g. February 30th: the general parser says what is wrong, in its own words.
                }
            }
        }
        return OffsetDateTime.parse(text);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Seconds and the rest apart: microseconds as nanoseconds overflow a long before 1677 and after 2262. */
    private static LocalDateTime micros(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
