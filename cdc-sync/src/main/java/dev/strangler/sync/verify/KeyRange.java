package dev.strangler.sync.verify;

/** A range of the integer key, {@code [from, to)}. */
record KeyRange(long from, long to) {

    /** Bucket {@code index} of a grid of {@code width}-wide buckets starting at {@code base}. */
    static KeyRange bucket(long base, long width, long index) {
        long from = base + index * width;
        return new KeyRange(from, from + width);
    }
}
