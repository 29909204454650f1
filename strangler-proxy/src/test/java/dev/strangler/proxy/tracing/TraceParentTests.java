package dev.strangler.proxy.tracing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTests {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidHeaderIsReadAndWrittenBackAsItCame() {
        TraceParent parsed = TraceParent.parse(VALID);

        assertThat(parsed).isEqualTo(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "01"));
        assertThat(parsed.header()).isEqualTo(VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x" })
    void anythingElseIsNotBelieved(String header) {
        assertThat(TraceParent.parse(header)).isNull();
    }

    @Test
    void aLaterVersionKeepsOnlyTheFieldsAndFlagsThisOneKnows() {
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-more"))
            .isEqualTo(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "01"));
    }

    @Test
    void aStartedTraceIsSampledWithIdsOfItsOwnAndAChildKeepsTheTrace() {
        TraceParent started = TraceParent.start();
        TraceParent child = started.child();

        assertThat(TraceParent.parse(started.header())).isEqualTo(started);
        assertThat(started.flags()).isEqualTo("01");
        assertThat(started.traceId()).isNotEqualTo(TraceParent.start().traceId());
        assertThat(child.traceId()).isEqualTo(started.traceId());
        assertThat(child.spanId()).isNotEqualTo(started.spanId());
    }

}
