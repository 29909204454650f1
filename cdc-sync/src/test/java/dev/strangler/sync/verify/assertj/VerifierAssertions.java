package dev.strangler.sync.verify.assertj;

import dev.strangler.sync.verify.DriftReport;

/** Entry point: {@code import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;}. */
public final class VerifierAssertions {

    private VerifierAssertions() {
    }

    public static DriftReportAssert assertThat(DriftReport actual) {
        return new DriftReportAssert(actual);
    }
}
