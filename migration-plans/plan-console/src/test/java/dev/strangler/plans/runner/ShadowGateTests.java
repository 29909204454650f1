package dev.strangler.plans.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.plan.Gates;
import dev.strangler.plans.runner.GateResult.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shadow gates decided on the proxy's comparison counts. */
class ShadowGateTests {

    private static final Gates DIFF_RATE_BELOW_FIVE_PERCENT = new Gates(false, null, 0.05, null, null, null);

    @Test
    void countsAFailedShadowCopyAsADifference() {
        GateResult result = decide(new Figures.Shadow(100, 0, 50, List.of()));

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.figure()).contains("33.3%", "50 copies failed");
    }

    @Test
    void passesWhenCopiesMatchAndNoneFailed() {
        GateResult result = decide(new Figures.Shadow(100, 1, 0, List.of()));

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
    }

    private static GateResult decide(Figures.Shadow shadow) {
        Figures figures = new Figures(Map.of(), Map.of("customers-read", shadow));
        Gate.Evidence evidence = new Gate.Evidence("customer-service", List.of("customers-read"), figures, null, null,
                "customers");
        return Gate.decide(DIFF_RATE_BELOW_FIVE_PERCENT, evidence).stream()
                .filter(gate -> gate.gate().equals("shadow diff rate")).findFirst().orElseThrow();
    }
}
