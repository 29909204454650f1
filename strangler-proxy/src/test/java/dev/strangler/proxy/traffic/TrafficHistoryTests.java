package dev.strangler.proxy.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.strangler.proxy.traffic.TrafficHistory.Backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrafficHistoryTests {

    private static final long START = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();

    private final AtomicLong now = new AtomicLong(START);

    private final TrafficHistory history = new TrafficHistory(this.now::get);

    private void at(Duration sinceStart) {
        this.now.set(START + sinceStart.toMillis());
    }

    @Test
    void countsEachBackendOfARuleInTheWindow() {
        at(Duration.ofMinutes(20));
        this.history.record("customers-read", Backend.MONOLITH);
        this.history.record("customers-read", Backend.FALLBACK);
        this.history.record("customers-read", Backend.SHADOW);
        this.history.record("customers-read", Backend.SERVICE);
        this.history.record("customers-read", Backend.SERVICE);
        this.history.record("orders-read", Backend.MONOLITH);

        TrafficHistory.Counts counts = this.history.counts("customers-read", Duration.ofSeconds(30));

        assertThat(counts.byBackend()).containsEntry(Backend.MONOLITH, 1L).containsEntry(Backend.FALLBACK, 1L)
            .containsEntry(Backend.SHADOW, 1L).containsEntry(Backend.SERVICE, 2L);
        assertThat(counts.monolithAnswered()).isEqualTo(3);
        assertThat(counts.covered()).isTrue();
    }

    @Test
    void aRequestLeavesTheWindowOnceItIsOlderThanTheWindowAndItsBucket() {
        at(Duration.ofMinutes(20));
        this.history.record("customers-read", Backend.FALLBACK);

        at(Duration.ofMinutes(20).plusSeconds(30));
        assertThat(this.history.counts("customers-read", Duration.ofSeconds(30)).monolithAnswered()).isEqualTo(1);

        at(Duration.ofMinutes(20).plusSeconds(31));
        assertThat(this.history.counts("customers-read", Duration.ofSeconds(30)).monolithAnswered()).isZero();
        assertThat(this.history.counts("customers-read", Duration.ofMinutes(5)).monolithAnswered()).isEqualTo(1);
    }

    @Test
    void longWindowsAreAnsweredPerMinuteForADay() {
        at(Duration.ofHours(25));
        this.history.record("customers-write", Backend.MONOLITH);

        at(Duration.ofHours(30));
        assertThat(this.history.counts("customers-write", Duration.ofHours(6)).monolithAnswered()).isEqualTo(1);
        assertThat(this.history.counts("customers-write", Duration.ofHours(4)).monolithAnswered()).isZero();

        at(Duration.ofHours(49).plusMinutes(2));
        assertThat(this.history.counts("customers-write", Duration.ofHours(24)).monolithAnswered()).isZero();
    }

    @Test
    void aWindowReachingBackBeforeTheProxyStartedIsNotCovered() {
        at(Duration.ofSeconds(20));

        TrafficHistory.Counts counts = this.history.counts("customers-read", Duration.ofSeconds(30));

        assertThat(counts.covered()).isFalse();
        assertThat(this.history.since()).isEqualTo(Instant.ofEpochMilli(START));
        at(Duration.ofSeconds(30));
        assertThat(this.history.counts("customers-read", Duration.ofSeconds(30)).covered()).isTrue();
    }

    @Test
    void aRuleWithoutTrafficCountsZeroForEveryBackend() {
        at(Duration.ofHours(1));

        assertThat(this.history.counts("unknown", Duration.ofMinutes(1)).byBackend()).hasSize(4)
            .allSatisfy((backend, count) -> assertThat(count).isZero());
    }

    @Test
    void memoryIsReusedRingWiseSoOldBucketsNeverCountAgain() {
        at(Duration.ofMinutes(20));
        this.history.record("customers-read", Backend.MONOLITH);

        // 901 seconds later the same slot of the per-second ring holds a new bucket.
        at(Duration.ofMinutes(20).plusSeconds(901));
        this.history.record("customers-read", Backend.SERVICE);

        TrafficHistory.Counts counts = this.history.counts("customers-read", Duration.ofMinutes(15));
        assertThat(counts.byBackend()).containsEntry(Backend.MONOLITH, 0L).containsEntry(Backend.SERVICE, 1L);
    }

    @Test
    void givesTheLastSecondsOneByOneForAChart() {
        at(Duration.ofMinutes(20));
        this.history.record("customers-read", Backend.SERVICE);
        at(Duration.ofMinutes(20).plusSeconds(2));
        this.history.record("customers-read", Backend.MONOLITH);

        var seconds = this.history.perSecond("customers-read", Duration.ofSeconds(3));

        assertThat(seconds).extracting(TrafficHistory.Second::at).containsExactly(
                Instant.ofEpochMilli(START).plus(Duration.ofMinutes(20)),
                Instant.ofEpochMilli(START).plus(Duration.ofMinutes(20).plusSeconds(1)),
                Instant.ofEpochMilli(START).plus(Duration.ofMinutes(20).plusSeconds(2)));
        assertThat(seconds).extracting((second) -> second.byBackend().get(Backend.SERVICE)).containsExactly(1L, 0L, 0L);
        assertThat(seconds).extracting((second) -> second.byBackend().get(Backend.MONOLITH)).containsExactly(0L, 0L, 1L);
    }

    @Test
    void refusesAWindowLongerThanTheHistory() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.history.counts("customers-read", Duration.ofHours(25)));
        assertThatIllegalArgumentException().isThrownBy(() -> this.history.counts("customers-read", Duration.ZERO));
    }

}
