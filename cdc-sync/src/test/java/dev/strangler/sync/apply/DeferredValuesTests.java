package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The typed JSON of deferred values, without a database: each value reads back as it was written. */
class DeferredValuesTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyValueCaptureHandsOverReadsBackEqualAndOfTheSameType() {
        List<Object> values = List.of("text \uD83D\uDE00 e\u0301", true, (short) 7, 42, 1L << 40, 1.5f, 0.1 + 0.2,
                new BigDecimal("1E+3"), new BigDecimal("1234567890123456789012345678.0123456789"),
                new BigInteger("123456789012345678901234567890"), UUID.randomUUID(),
                OffsetDateTime.parse("2024-02-29T23:59:59.123456+05:30"), Instant.parse("2024-01-01T00:00:00.000001Z"),
                LocalDateTime.parse("2024-01-01T10:00:00.5"), LocalDate.parse("2024-02-29"),
                LocalTime.parse("23:59:59.999999"), OffsetTime.parse("10:00:00+02:00"));
        for (Object value : values) {
            assertThat(roundTrip(value)).as("%s", value).isEqualTo(value).hasSameClassAs(value);
        }
        assertThat(roundTrip(Arrays.asList(1, null, 3))).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(roundTrip(List.of(List.of("a", "b"), List.of("c")))).isEqualTo(List.of(List.of("a", "b"),
                List.of("c")));
        assertThat((byte[]) roundTrip(new byte[] {0, (byte) 0xff, '\\'})).containsExactly(0, (byte) 0xff, '\\');
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void readsTheUntypedTextOfWritesDeferredBeforeValuesWereTyped() {
        assertThat(DeferredValues.decode(json.readTree("\"42\""))).isEqualTo("42");
    }

    @Test
    void refusesAValueItCannotKeepExactlyNamingItsClass() {
        assertThatThrownBy(() -> DeferredValues.encode(new StringBuilder("x")))
                .hasMessageContaining("java.lang.StringBuilder").hasMessageContaining(DeferredWrites.TABLE);
    }

    private Object roundTrip(Object value) {
        return DeferredValues.decode(json.readTree(json.writeValueAsString(DeferredValues.encode(value))));
    }
}
