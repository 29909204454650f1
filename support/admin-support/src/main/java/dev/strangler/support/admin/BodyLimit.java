package dev.strangler.support.admin;

import java.io.IOException;
import java.util.Map;

/**
 * The largest request body an admin surface reads: every admin body (a route change, a move, a sign-in) is a few
 * hundred bytes, so anything much larger is refused with 413 before it is parsed, whether its length is declared
 * or found out while reading (chunked).
 *
 * @param maxBytes the limit in bytes
 */
public record BodyLimit(int maxBytes) {

    /** The limit of the engines' admin APIs. */
    public static final BodyLimit ADMIN = new BodyLimit(16 * 1024);

    public BodyLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
    }

    /** A body went past the limit while being read. */
    public static final class BodyTooLargeException extends IOException {

        private final transient BodyLimit limit;

        BodyTooLargeException(BodyLimit limit) {
            super(limit.detail());
            this.limit = limit;
        }

        public BodyLimit limit() {
            return this.limit;
        }
    }

    /** Whether a declared {@code Content-Length} is over the limit (an undeclared one, -1, is not). */
    public boolean refuses(long declaredLength) {
        return declaredLength > this.maxBytes;
    }

    public String detail() {
        return "The body must be at most " + this.maxBytes + " bytes";
    }

    /** The 413 answer, naming the body as the field at fault. */
    public Problem problem() {
        return new Problem(413, detail(), Map.of("field", "body"));
    }

    /** Counts the bytes of one body as they are read; fails as soon as they pass the limit. */
    public Counter counter() {
        return new Counter();
    }

    /** Bytes read so far of one body. */
    public final class Counter {

        private long read;

        private Counter() {
        }

        /** Adds {@code bytes} just read (nothing when negative: the end of the body). */
        public void add(int bytes) throws BodyTooLargeException {
            if (bytes > 0 && (this.read += bytes) > BodyLimit.this.maxBytes) {
                throw new BodyTooLargeException(BodyLimit.this);
            }
        }
    }

    /** Whether {@code ex} or one of its causes is a body over a limit. */
    public static boolean isTooLarge(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
