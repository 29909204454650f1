package dev.strangler.proxy.routing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Turns a raw request path into the one canonical path that is both matched against the rules and forwarded, so a
 * backend can never see a path that a different rule would have matched.
 * <p>
 * Empty and {@code .} segments are dropped, {@code ..} is resolved (never above the root), a trailing slash is
 * removed and percent-encoded unreserved characters are decoded. What a backend might read in more than one way is
 * refused instead: encoded dots, slashes, backslashes and percent signs (which covers double encoding), raw
 * backslashes, path parameters ({@code ;}, as in {@code /..;/}) and control characters.
 */
final class PathNormaliser {

    private PathNormaliser() {
    }

    /** The outcome: either {@code path} is set or {@code refusal} says why the path is ambiguous. */
    record Result(String path, String refusal) {

        static Result normalised(String path) {
            return new Result(path, "");
        }

        static Result refused(String reason) {
            return new Result("", reason);
        }

        boolean isRefused() {
            return !this.refusal.isEmpty();
        }

    }

    static Result normalise(String rawPath) {
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '\\') {
                return Result.refused("backslash in path");
            }
            if (c == ';') {
                return Result.refused("path parameters (';') are not accepted");
            }
            if (c < 0x21 || c == 0x7f) {
                return Result.refused("control character or space in path");
            }
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= rawPath.length() || !isHex(rawPath.charAt(i + 1)) || !isHex(rawPath.charAt(i + 2))) {
                return Result.refused("malformed percent-encoding");
            }
            int value = Integer.parseInt(rawPath.substring(i + 1, i + 3), 16);
            if (value == '.' || value == '/' || value == '\\' || value == '%' || value == ';') {
                return Result.refused("encoded '" + (char) value + "' in path is ambiguous");
            }
            if (value < 0x20 || value == 0x7f) {
                return Result.refused("encoded control character in path");
            }
            if (isUnreserved(value)) {
                decoded.append((char) value);
            }
            else {
                decoded.append('%').append(rawPath.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.toString().split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Result.refused("path climbs above the root");
                }
                segments.removeLast();
                continue;
            }
            segments.addLast(segment);
        }
        return Result.normalised("/" + String.join("/", segments));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '~';
    }

}
