package dev.strangler.plans.plan;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The bounds that must hold before a plan advances past a phase; an absent bound is not checked. Figures are taken
 * since the phase was entered, so a previous phase's traffic never counts. The decommission gates
 * ({@code monolithRequestsAtMost}, {@code strayWritesAtMost}, {@code archRulesClean}) look instead at a window
 * ending now: they prove the monolith's module dead, and on the last phase they are what
 * {@code strangler plan retire-check} checks.
 *
 * @param verifierClean cdc-sync's verifier must find both sides equal
 * @param syncLagBelowMillis the pipeline's lag must be below this
 * @param shadowDiffRateBelow the share of differing shadow comparisons must be below this
 * @param shadowComparedAtLeast at least this many shadow comparisons must have been made
 * @param errorRateBelow the share of the service's answers that were 5xx or no answer must be below this
 * @param serviceRequestsAtLeast the service must have answered at least this many requests
 * @param monolithRequestsAtMost requests of the plan's endpoints the monolith answered (fallbacks and shadowed
 *        requests included) within the window
 * @param strayWritesAtMost writes to the plan's tables that did not come from the reverse sync, within the window
 * @param archRulesClean the plan's write-cutover rule, in force, must find no writer in the monolith's classes
 */
public record Gates(boolean verifierClean, @Nullable Long syncLagBelowMillis, @Nullable Double shadowDiffRateBelow,
        @Nullable Long shadowComparedAtLeast, @Nullable Double errorRateBelow, @Nullable Long serviceRequestsAtLeast,
        @Nullable CountInWindow monolithRequestsAtMost, @Nullable CountInWindow strayWritesAtMost,
        boolean archRulesClean) {

    /**
     * A count bound over a window ending now, as a plan writes it: {@code {atMost: 0, for: 24h}}.
     *
     * @param atMost the most that may have happened in the window
     * @param window how far back the window reaches
     */
    public record CountInWindow(long atMost, Duration window) {

        /** {@code 30s}, {@code 15m}, {@code 24h}: how a plan writes a window. */
        public static Duration parseWindow(String text) {
            if (!text.matches("[1-9][0-9]{0,5}[smh]")) {
                throw new IllegalArgumentException("'" + text + "' is not a window such as 30s, 15m or 24h");
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }

        /** The window as a plan writes it, e.g. {@code 24h}. */
        public String windowText() {
            long seconds = window.toSeconds();
            if (seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "<= %d in %s", atMost, windowText());
        }
    }

    /** The gates of plans written before the decommission gates. */
    public Gates(boolean verifierClean, @Nullable Long syncLagBelowMillis, @Nullable Double shadowDiffRateBelow,
            @Nullable Long shadowComparedAtLeast, @Nullable Double errorRateBelow,
            @Nullable Long serviceRequestsAtLeast) {
        this(verifierClean, syncLagBelowMillis, shadowDiffRateBelow, shadowComparedAtLeast, errorRateBelow,
                serviceRequestsAtLeast, null, null, false);
    }

    public static Gates none() {
        return new Gates(false, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return equals(none());
    }

    /** Whether any decommission gate is set. */
    public boolean decommissions() {
        return monolithRequestsAtMost != null || strayWritesAtMost != null || archRulesClean;
    }
}
