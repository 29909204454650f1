package dev.strangler.proxy.rollback;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorRateWindowTests {

    private final ErrorRateWindow window = new ErrorRateWindow(Duration.ofSeconds(10));

    @Test
    void countsCallsAndFailuresInsideTheWindow() {
        this.window.record(false, 1_000);
        this.window.record(true, 2_000);
        ErrorRateWindow.Counts counts = this.window.record(true, 3_000);

        assertThat(counts.calls()).isEqualTo(3);
        assertThat(counts.failures()).isEqualTo(2);
        assertThat(counts.errorRate()).isEqualTo(2.0 / 3);
    }

    @Test
    void forgetsCallsOlderThanTheWindow() {
        this.window.record(true, 1_000);
        this.window.record(true, 1_500);
        this.window.record(false, 9_000);

        assertThat(this.window.counts(10_500).calls()).isEqualTo(3);
        assertThat(this.window.counts(11_000)).isEqualTo(new ErrorRateWindow.Counts(1, 0));
        assertThat(this.window.counts(20_000)).isEqualTo(new ErrorRateWindow.Counts(0, 0));
    }

    @Test
    void aBucketIsReusedOnlyAfterItsOldCountsAreCleared() {
        this.window.record(true, 1_000);
        // Same ring slot ten seconds later: the old failure must not linger.
        ErrorRateWindow.Counts counts = this.window.record(false, 11_000);

        assertThat(counts).isEqualTo(new ErrorRateWindow.Counts(1, 0));
    }

    @Test
    void anEmptyWindowHasNoErrorRate() {
        assertThat(this.window.counts(5_000).errorRate()).isZero();
    }

}
