package dev.strangler.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SpreadTests {

    @Test
    void reportsTheMiddleRoundAndTheRangeOfAll() {
        Spread rounds = Spread.of(12_000, 9_500, 30_000);

        assertThat(rounds.median()).isEqualTo(12_000);
        assertThat(rounds.format(0)).isEqualTo("12,000 (9,500–30,000)");
    }

    @Test
    void takesTheMeanOfTheTwoMiddleRoundsForAnEvenCount() {
        assertThat(Spread.of(4, 1, 3, 100).median()).isEqualTo(3.5);
    }

    @Test
    void showsASingleRoundWithoutARange() {
        assertThat(Spread.of(0.4213).format(2)).isEqualTo("0.42");
    }

    @Test
    void comparesRoundByRoundBecauseBaselineAndSubjectRanBackToBack() {
        Spread direct = Spread.of(10_000, 5_000, 8_000);
        Spread proxied = Spread.of(4_000, 2_500, 2_400);

        assertThat(proxied.ratioTo(direct).rounds()).containsExactly(0.4, 0.5, 0.3);
        assertThat(proxied.ratioTo(direct).median()).isEqualTo(0.4);
        assertThat(Spread.of(3.0, 4.5).minus(Spread.of(1.0, 1.5)).rounds()).containsExactly(2.0, 3.0);
    }

    @Test
    void refusesToCompareFiguresOfDifferentRuns() {
        assertThatIllegalArgumentException().isThrownBy(() -> Spread.of(1, 2).ratioTo(Spread.of(1)))
                .withMessageContaining("2 rounds");
    }
}
