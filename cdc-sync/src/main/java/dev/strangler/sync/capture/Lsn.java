package dev.strangler.sync.capture;

import java.util.Locale;

/**
 * A position in PostgreSQL's write-ahead log: a 64-bit number that PostgreSQL prints as two hexadecimal halves,
 * {@code 16/B374D848}. The one place that reads and writes that text.
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /** {@code 16/B374D848} (as {@code pg_current_wal_lsn()} and the slot views print it) to a position. */
    public static Lsn parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("Not a WAL position: " + text);
        }
        try {
            return new Lsn((Long.parseLong(text.substring(0, slash), 16) << 32)
                    | Long.parseLong(text.substring(slash + 1), 16));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Not a WAL position: " + text, ex);
        }
    }

    /** The position as PostgreSQL prints it, for SQL ({@code '16/B374D848'::pg_lsn}), logs and the admin API. */
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }
}
