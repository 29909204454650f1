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
    void aGatewayIsSteadyWhenTwoPassesAreWithinFivePercent() {
        assertThat(ProxyBenchmark.steady(2, 0.430, 0.420)).isTrue();
        assertThat(ProxyBenchmark.steady(4, 0.400, 0.415)).isTrue();
    }

    @Test
    void aPassThatCostsMoreThanTheOneBeforeIsNotSteadyEither() {
        assertThat(ProxyBenchmark.steady(2, 0.40, 0.50)).isFalse();
    }
}
