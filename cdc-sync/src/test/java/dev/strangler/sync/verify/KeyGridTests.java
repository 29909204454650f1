package dev.strangler.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyGridTests {

    @Test
    void coversTheKeysInAtMostFanoutBucketsOfAPowerOfTwo() {
        assertThat(KeyGrid.firstWidth(1, 1_000_000, 256)).isEqualTo(4_096); // 245 buckets
        assertThat(KeyGrid.firstWidth(1, 256, 256)).isEqualTo(1);
        assertThat(KeyGrid.firstWidth(1, 257, 256)).isEqualTo(2);
        assertThat(KeyGrid.firstWidth(42, 42, 16)).isEqualTo(1);
    }

    @Test
    void splitsEachRoundByTheFanoutDownToSingleKeys() {
        assertThat(KeyGrid.nextWidth(4_096, 256)).isEqualTo(16);
        assertThat(KeyGrid.nextWidth(16, 256)).isEqualTo(1);
        assertThat(KeyGrid.nextWidth(4_096, 100)).isEqualTo(64); // the largest power of two within the fanout
    }

    @Test
    void survivesKeysSpreadOverTheWholeLongRange() {
        long width = KeyGrid.firstWidth(Long.MIN_VALUE + 1, Long.MAX_VALUE, 256);
        assertThat(width).isPositive();
        assertThat(Long.MAX_VALUE / width).isLessThan(256);
    }

    @Test
    void nestsEachRoundsBucketsExactlyInThePreviousOnes() {
        long base = 7;
        KeyRange parent = KeyRange.bucket(base, 4_096, 3);
        long child = KeyGrid.nextWidth(4_096, 256);
        KeyRange firstChild = KeyRange.bucket(base, child, (parent.from() - base) / child);
        KeyRange lastChild = KeyRange.bucket(base, child, (parent.to() - 1 - base) / child);
        assertThat(firstChild.from()).isEqualTo(parent.from());
        assertThat(lastChild.to()).isEqualTo(parent.to());
    }

    @Test
    void cutsRangesIntoQuerySizedChunks() {
        List<KeyRange> ranges = java.util.stream.LongStream.range(0, 1001).mapToObj(i -> new KeyRange(i, i + 1))
                .toList();
        assertThat(KeyGrid.chunks(ranges, 500)).extracting(List::size).containsExactly(500, 500, 1);
        assertThat(KeyGrid.chunks(List.of(), 500)).isEmpty();
    }

    @Test
    void cutsTheWholeGridIntoOneRangeOfWholeBucketsPerLane() {
        // 245 buckets of 4,096 from key 1: 81, 82 and 82 buckets, end to end, the last one past the largest key.
        assertThat(KeyGrid.lanes(1, 1_000_000, 4_096, 3)).containsExactly(
                List.of(new KeyRange(1, 1 + 81 * 4_096)), List.of(new KeyRange(1 + 81 * 4_096, 1 + 163 * 4_096)),
                List.of(new KeyRange(1 + 163 * 4_096, 1 + 245 * 4_096)));
        assertThat(KeyGrid.lanes(5, 6, 1, 3)).containsExactly(List.of(new KeyRange(5, 6)), List.of(new KeyRange(6,
                7)));
        assertThat(KeyGrid.lanes(1, 1_000_000, 4_096, 1)).containsExactly(List.of());
    }

    @Test
    void readsTheWholeTableInOneRangeWhenTheGridsEndDoesNotFitInALong() {
        long width = KeyGrid.firstWidth(Long.MIN_VALUE + 1, Long.MAX_VALUE, 256);
        assertThat(KeyGrid.lanes(Long.MIN_VALUE + 1, Long.MAX_VALUE, width, 3)).containsExactly(List.of());
        assertThat(KeyGrid.lanes(0, Long.MAX_VALUE, KeyGrid.firstWidth(0, Long.MAX_VALUE, 256), 3))
                .containsExactly(List.of());
    }
}
