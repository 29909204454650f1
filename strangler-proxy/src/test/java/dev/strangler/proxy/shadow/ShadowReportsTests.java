package dev.strangler.proxy.shadow;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The diff rate the admin API, the dashboard and the plans' gates read. */
class ShadowReportsTests {

    @Test
    void countsAFailedCopyAsADifference() {
        ShadowReports.ShadowReport report = new ShadowReports.ShadowReport("customers-read", 100, 100, 0, 50, 0,
                List.of());

        assertThat(report.diffRate()).isCloseTo(50.0 / 150, within(1e-9));
    }

    @Test
    void isZeroWhenNoCopyWasSent() {
        assertThat(new ShadowReports.ShadowReport("customers-read", 0, 0, 0, 0, 3, List.of()).diffRate()).isZero();
    }

}
