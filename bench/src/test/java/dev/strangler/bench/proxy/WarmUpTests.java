package dev.strangler.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTests {

    @Test
    void aGatewayIsNotSteadyAfterItsFirstPass() {
        assertThat(ProxyBenchmark.steady(1, Double.NaN, 0.4)).isFalse();
    }

    @Test
    void aGatewayWhoseCpuPerRequestStillFallsIsNotSteady() {
        assertThat(ProxyBenchmark.steady(2, 0.93, 0.43)).isFalse();
        assertThat(ProxyBenchmark.steady(3, 0.50, 0.47)).isFalse();
    }

    @Test
    void aGatewayIsSteadyWhenAPassIsNoMoreThanFivePercentBelowTheOneBefore() {
        assertThat(ProxyBenchmark.steady(2, 0.430, 0.420)).isTrue();
        assertThat(ProxyBenchmark.steady(4, 0.400, 0.415)).isTrue();
    }

    @Test
    void aPassThatCostsMoreThanTheOneBeforeIsTheMachinesNoiseSoTheGatewayIsSteady() {
        // The JIT only lowers CPU per request; a dearer pass says the fall has stopped. Requiring "within 5% either
        // way" kept every gateway of the idle run of 2026-12-07 02:32 at the 6-pass limit.
        assertThat(ProxyBenchmark.steady(2, 0.40, 0.50)).isTrue();
    }
}
