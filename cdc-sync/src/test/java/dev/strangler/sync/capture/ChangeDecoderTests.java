package dev.strangler.sync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ChangeDecoderTests {

    @Test
    void readsDebeziumsZonedTimestampsAsTheGeneralParserDoes() {
        for (String text : List.of("2026-12-06T20:15:30Z", "2026-12-06T20:15:30.1Z", "2026-12-06T20:15:30.12Z",
                "2026-12-06T20:15:30.123456Z", "2026-12-06T20:15:30.123456789Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999Z", "2024-02-29T12:00:00.000001Z", "2026-12-06T20:15:30+02:00",
                "2026-12-06T20:15:30.5-05:30", "+10000-01-01T00:00:00Z", "2026-12-06T20:15Z", "2026-12-06T20:15:30.Z")) {
            OffsetDateTime read = ChangeDecoder.zonedTimestamp(text);
            assertThat(read).as(text).isEqualTo(OffsetDateTime.parse(text));
            assertThat(read.getOffset()).as(text).isEqualTo(OffsetDateTime.parse(text).getOffset());
        }
    }

    @Test
    void refusesWhatTheGeneralParserRefuses() {
        for (String text : List.of("2026-02-30T20:15:30Z", "2026-13-06T20:15:30Z", "2026-12-06T24:15:30Z",
                "2026-12-06T20:60:30Z", "2026-12-06T20:15:3xZ", "2026-12-06 20:15:30Z",
                "2026-12-06T20:15:30.1234567890Z", "")) {
            assertThatThrownBy(() -> ChangeDecoder.zonedTimestamp(text)).as(text)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    @Test
    void readsTimestampsOutsideTheYears1677To2262WhichANanosecondLongCannotHold() {
        // Legacy schemas use 9999-12-31 for "valid until further notice"; PostgreSQL's timestamp reaches 4713 BC to
        // 294276 AD, its microseconds fit a long, their nanoseconds do not.
        Schema microTimestamp = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build();
        for (LocalDateTime moment : List.of(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(1500, 1, 1, 0, 0, 0, 1_000), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(2026, 12, 7, 5, 0, 0, 123_456_000))) {
            Instant instant = moment.toInstant(ZoneOffset.UTC);
            long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000);
            assertThat(ChangeDecoder.javaValue(microTimestamp, micros)).as(moment.toString()).isEqualTo(moment);
        }
    }

    @Test
    void keepsTheNullElementsOfAnArray() {
        Schema integers = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build();
        assertThat(ChangeDecoder.javaValue(integers, Arrays.asList(1, null, 3))).isEqualTo(Arrays.asList(1, null, 3));
    }

    @Test
    void writesTheOffsetOfAPositionWhenAskedAndComparesPositionsByValue() {
        ChangeDecoder decoder = new ChangeDecoder();
        SourcePosition decoded = decoder.position(Map.of("lsn", 200L, "lsn_commit", 150L, "txId", 7L));
        assertThat(decoded.commitLsn()).isEqualTo(150L);
        assertThat(decoded.lsn()).isEqualTo(200L);
        assertThat(decoded.snapshot()).isFalse();
        assertThat(decoded.offsetJson()).contains("\"lsn\":200").contains("\"lsn_commit\":150").contains("\"txId\":7");
        SourcePosition stored = new SourcePosition(decoded.offsetJson(), 150L, 200L, false);
        assertThat(stored).isEqualTo(decoded).hasSameHashCodeAs(decoded);
        assertThat(stored).isNotEqualTo(new SourcePosition(decoded.offsetJson(), 150L, 201L, false));
    }

    @Test
    void routesARowChangeByItsKindAndTableAsDecodeDoesAndStopsAtATruncateLikeIt() {
        Schema row = SchemaBuilder.struct().name("legacy.public.items.Value").field("id", Schema.INT64_SCHEMA)
                .field("at", io.debezium.time.ZonedTimestamp.builder().optional().build()).optional().build();
        Schema source = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().field("before", row).field("after", row).field("source", source)
                .field("op", Schema.STRING_SCHEMA).build();
        Struct sourceStruct = new Struct(source).put("schema", "public").put("table", "items")
                .put("ts_ms", 1_765_000_000_000L);
        Struct insert = new Struct(envelope).put("op", "u").put("source", sourceStruct)
                .put("after", new Struct(row).put("id", 7L).put("at", "2026-12-07T04:05:06Z"));
        ChangeDecoder decoder = new ChangeDecoder();

        ChangeDecoder.Route route = decoder.route("legacy.public.items", insert, Map.of("lsn", 1L));
        SourceChange decoded = decoder.decode("legacy.public.items", insert, Map.of("lsn", 1L));
        assertThat(route.kind()).isEqualTo(decoded.kind()).isEqualTo(SourceChange.Kind.ROW);
        assertThat(route.table()).isEqualTo(decoded.row().table()).hasToString("public.items");
        assertThat(decoder.route("__debezium-heartbeat.legacy", null, Map.of("lsn", 1L)).kind())
                .isEqualTo(SourceChange.Kind.HEARTBEAT);
        Struct truncate = new Struct(envelope).put("op", "t").put("source", sourceStruct);
        assertThatThrownBy(() -> decoder.route("legacy.public.items", truncate, Map.of("lsn", 1L)))
                .hasMessageContaining("TRUNCATE of public.items");
    }
}
