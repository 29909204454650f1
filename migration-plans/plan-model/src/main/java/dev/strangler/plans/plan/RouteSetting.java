package dev.strangler.plans.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the proxy routes one rule: a mode, and for {@code CANARY} the share of callers sent to the service.
 *
 * @param mode MONOLITH, SERVICE, SHADOW or CANARY
 * @param percent the canary share, 0 unless the mode is CANARY
 */
public record RouteSetting(String mode, int percent) {

    private static final Pattern TEXT = Pattern.compile("(MONOLITH|SERVICE|SHADOW)|CANARY (\\d{1,3})%");

    /** Reads {@code MONOLITH}, {@code SERVICE}, {@code SHADOW} or {@code CANARY 25%}. */
    public static RouteSetting parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not MONOLITH, SERVICE, SHADOW or CANARY <n>%");
        }
        if (matcher.group(1) != null) {
            return new RouteSetting(matcher.group(1), 0);
        }
        int percent = Integer.parseInt(matcher.group(2));
        if (percent > 100) {
            throw new IllegalArgumentException("canary share " + percent + "% is over 100%");
        }
        return new RouteSetting("CANARY", percent);
    }

    public boolean isCanary() {
        return "CANARY".equals(mode);
    }

    /** The same setting as the proxy reports it: a CANARY rule's percent counts, any other rule's does not. */
    public boolean sameAs(String otherMode, int otherPercent) {
        return mode.equals(otherMode) && (!isCanary() || percent == otherPercent);
    }

    @Override
    public String toString() {
        return isCanary() ? "CANARY " + percent + "%" : mode;
    }
}
