package dev.strangler.sync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.capture.SourcePosition;
import org.junit.jupiter.api.Test;

/** The de-duplication order: [last commit LSN, event LSN], as Debezium documents for source.sequence. */
class SourcePositionOrderTests {

    private final SourcePosition stored = new SourcePosition("{}", 100L, 150L, false);

    @Test
    void coversEventsAtOrBeforeTheStoredPosition() {
        assertThat(stored.covers(new SourcePosition("{}", 100L, 150L, false))).isTrue();
        assertThat(stored.covers(new SourcePosition("{}", 100L, 120L, false))).isTrue();
        // A later transaction may hold LSNs below the previous commit: the commit LSN orders first.
        assertThat(stored.covers(new SourcePosition("{}", 90L, 180L, false))).isTrue();
    }

    @Test
    void letsLaterEventsAndSnapshotReadsThrough() {
        assertThat(stored.covers(new SourcePosition("{}", 100L, 151L, false))).isFalse();
        assertThat(stored.covers(new SourcePosition("{}", 160L, 140L, false))).isFalse();
        assertThat(stored.covers(new SourcePosition("{}", null, 10L, true))).isFalse();
    }
}
