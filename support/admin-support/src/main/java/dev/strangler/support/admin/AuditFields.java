package dev.strangler.support.admin;

import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an admin action may write into an audit log: who ({@code X-Strangler-Actor}) and why (a reason). Both end up
 * as one line of a log that people read in a terminal and a dashboard, so neither may carry anything that forges a
 * line or rewrites a terminal.
 */
public final class AuditFields {

    /** The request header naming who acts. */
    public static final String ACTOR_HEADER = "X-Strangler-Actor";

    /** The longest reason kept. */
    public static final int REASON_LIMIT = 500;

    /** A name such as {@code ada.lovelace} or {@code ci@build-7}: starts with a letter or digit, up to 64. */
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private AuditFields() {
    }

    /**
     * The actor of a request: {@code presented} when valid, {@code fallback} when absent.
     *
     * @param reserved names only the engine itself acts as (e.g. {@code auto-rollback})
     * @throws InvalidFieldException naming {@link #ACTOR_HEADER}
     */
    public static String actor(@Nullable String presented, String fallback, Set<String> reserved) {
        if (presented == null) {
            return fallback;
        }
        if (!isPlainName(presented)) {
            throw new InvalidFieldException(ACTOR_HEADER,
                    "must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        if (reserved.contains(presented)) {
            throw new InvalidFieldException(ACTOR_HEADER, "'" + presented + "' is reserved for the engine itself");
        }
        return presented;
    }

    /** Whether {@code name} may name an actor, and is not one of the {@code reserved} names. */
    public static boolean validActor(@Nullable String name, Set<String> reserved) {
        return name != null && isPlainName(name) && !reserved.contains(name);
    }

    private static boolean isPlainName(String name) {
        return ACTOR.matcher(name).matches();
    }

    /** {@link #actor(String, String, Set)} with no reserved names. */
    public static String actor(@Nullable String presented, String fallback) {
        return actor(presented, fallback, Set.of());
    }

    /**
     * A required reason, stripped: not blank, at most {@link #REASON_LIMIT} characters, one line without control
     * characters (a newline would forge the next entry, an escape sequence would rewrite the reader's terminal).
     *
     * @throws InvalidFieldException naming {@code reason}
     */
    public static String reason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidFieldException("reason", "is required: say why, it goes into the audit log");
        }
        return checked(reason.strip());
    }

    /** An optional reason: {@code absent} when none is given, else checked as {@link #reason(String)}. */
    public static String reasonOr(@Nullable String reason, String absent) {
        return (reason == null || reason.isBlank()) ? absent : checked(reason.strip());
    }

    private static String checked(String reason) {
        if (reason.length() > REASON_LIMIT) {
            throw new InvalidFieldException("reason", "must be at most " + REASON_LIMIT + " characters, was "
                    + reason.length());
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("reason", "must be one line without control characters (newlines, tabs, "
                    + "escape sequences)");
        }
        return reason;
    }
}
