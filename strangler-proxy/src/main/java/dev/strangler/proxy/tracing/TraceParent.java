package dev.strangler.proxy.tracing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A W3C trace context ({@code version-traceid-parentid-flags}, Trace Context section 3.2), always written as
 * version {@code 00}.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero: the span this context names as parent
 * @param flags two lowercase hex digits ({@code 01}: sampled)
 */
record TraceParent(String traceId, String spanId, String flags) {

    static final String HEADER = "traceparent";

    static final String STATE_HEADER = "tracestate";

    private static final HexFormat HEX = HexFormat.of();

    /** The client's context if {@code header} is a valid one; {@code null} for anything else, which starts afresh. */
    static @Nullable TraceParent parse(@Nullable String header) {
        // Version 00 is exactly 55 characters; a later version may add fields after a dash (section 3.2.4).
        if (header == null || header.length() < 55 || header.charAt(2) != '-' || header.charAt(35) != '-'
                || header.charAt(52) != '-') {
            return null;
        }
        String version = header.substring(0, 2);
        if (!isHex(version) || "ff".equals(version)) {
            return null;
        }
        if ("00".equals(version) ? header.length() != 55 : header.length() > 55 && header.charAt(55) != '-') {
            return null;
        }
        String traceId = header.substring(3, 35);
        String spanId = header.substring(36, 52);
        String flags = header.substring(53, 55);
        if (!isHex(traceId) || !isHex(spanId) || !isHex(flags) || isZero(traceId) || isZero(spanId)) {
            return null;
        }
        // Of a later version only the flags this version knows are kept (section 3.2.2.5).
        return new TraceParent(traceId, spanId, "00".equals(version) ? flags : sampledOnly(flags));
    }

    /** A new trace, sampled: every request is traced by default. */
    static TraceParent start() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = nonZero(random);
        return new TraceParent(HEX.toHexDigits(high) + HEX.toHexDigits(low), HEX.toHexDigits(nonZero(random)), "01");
    }

    /** The same trace with a new span of this process as parent. */
    TraceParent child() {
        return new TraceParent(this.traceId, HEX.toHexDigits(nonZero(ThreadLocalRandom.current())), this.flags);
    }

    String header() {
        return "00-" + this.traceId + "-" + this.spanId + "-" + this.flags;
    }

    private static long nonZero(ThreadLocalRandom random) {
        long value;
        do {
            value = random.nextLong();
        }
        while (value == 0);
        return value;
    }

    private static String sampledOnly(String flags) {
        return ((Integer.parseInt(flags, 16) & 1) == 1) ? "01" : "00";
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

}
