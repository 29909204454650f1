package dev.strangler.plans.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.GateResult.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A history run stopped by gates that did not hold keeps what the verifier named, in its log and report. */
class GatesDidNotHoldTests {

    @Test
    void keepsTheVerifiersRowsWithBothSidesValuesForTheReport() {
        String differing = "differing {\"key\":{\"table\":\"public.orders\",\"id\":41},\"columns\":[{\"column\":"
                + "\"purchase_order.status\",\"source\":\"PAID\",\"target\":\"CANCELLED\"}]}";
        GateResult verifier = new GateResult("verifier", Verdict.FAILED, "out of sync (10 rows, 0 missing, 1 extra, 1 "
                + "differing)", "in sync", List.of("extra {\"table\":\"public.orders\",\"id\":40}", differing));
        GateResult lag = new GateResult("sync lag", Verdict.FAILED, "9000 ms", "< 5000 ms", List.of());

        GatesDidNotHold stop = new GatesDidNotHold("The gates of serve-reads did not hold within 180 s", List.of(
                verifier, lag));

        assertThat(stop.details()).containsExactly("verifier: extra {\"table\":\"public.orders\",\"id\":40}",
                "verifier: " + differing);
        assertThat(GatesDidNotHold.reportSection(stop.details())).contains("```\nverifier: extra")
                .contains("\"source\":\"PAID\",\"target\":\"CANCELLED\"");
        assertThat(GatesDidNotHold.reportSection(List.of())).isEmpty();
    }
}
