package dev.strangler.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTests {

    @Test
    void aGatewayIsNotSteadyBeforeItsThirdPass() {
        assertThat(ProxyBenchmark.steady(List.of(0.4))).isFalse();
        assertThat(ProxyBenchmark.steady(List.of(0.4, 0.4))).isFalse();
    }

    @Test
    void aGatewayWhoseCpuPerRequestStillFallsIsNotSteady() {
        assertThat(ProxyBenchmark.steady(List.of(0.93, 0.50, 0.43))).isFalse();
    }

    @Test
    void onePassWithoutANewBestIsNotYetAPlateau() {
        // The kit of the idle run of 2026-12-07 05:19 stopped here while its twin and the bare gateway went on falling.
        assertThat(ProxyBenchmark.steady(List.of(5.988, 2.368, 1.694, 1.706))).isFalse();
    }

    @Test
    void aGatewayIsSteadyAfterTwoPassesInARowWithoutANewBest() {
        assertThat(ProxyBenchmark.steady(List.of(5.988, 2.368, 1.694, 1.706, 1.650))).isTrue();
    }

    @Test
    void aDearerPassIsTheMachinesNoiseAndSetsNoNewBest() {
        assertThat(ProxyBenchmark.steady(List.of(0.60, 0.40, 0.55, 0.41))).isTrue();
    }

    @Test
    void aNewBestAfterANoisyPassRestartsTheCount() {
        assertThat(ProxyBenchmark.steady(List.of(0.60, 0.40, 0.55, 0.30))).isFalse();
    }
}
