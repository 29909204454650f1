package dev.strangler.sync.verify;

/** How many fractional digits of a timestamp take part in a comparison; values are rounded as PostgreSQL stores them. */
public enum TimestampPrecision {

    SECONDS(0), MILLIS(3), MICROS(6);

    private final int digits;

    TimestampPrecision(int digits) {
        this.digits = digits;
    }

    /** The fractional digits, as in {@code timestamptz(p)}. */
    public int digits() {
        return digits;
    }
}
