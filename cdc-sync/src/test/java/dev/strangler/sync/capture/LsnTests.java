package dev.strangler.sync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class LsnTests {

    @Test
    void readsAndPrintsThePositionAsPostgresDoes() {
        Lsn lsn = Lsn.parse("16/B374D848");

        assertThat(lsn.value()).isEqualTo(0x16B374D848L);
        assertThat(lsn).hasToString("16/B374D848");
        assertThat(new Lsn(0x16B374D848L)).hasToString("16/B374D848");
        assertThat(Lsn.parse("0/0").value()).isZero();
    }

    @Test
    void ordersPositionsAlongTheLog() {
        assertThat(Lsn.parse("0/FFFFFFFF")).isLessThan(Lsn.parse("1/0"));
        assertThat(Lsn.parse("FFFFFFFF/0")).isGreaterThan(Lsn.parse("1/0"));
    }

    @Test
    void refusesTextThatIsNoPositionNamingIt() {
        for (String text : new String[] { "16B374D848", "/1", "1/", "x/1", null }) {
            assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse(text))
                .withMessage("Not a WAL position: " + text);
        }
    }
}
