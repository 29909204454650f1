package dev.strangler.plans.plan;

import org.jspecify.annotations.Nullable;

/**
 * The bounds that must hold before a plan advances past a phase; an absent bound is not checked. Figures are taken
 * since the phase was entered, so a previous phase's traffic never counts.
 *
 * @param verifierClean cdc-sync's verifier must find both sides equal
 * @param syncLagBelowMillis the pipeline's lag must be below this
 * @param shadowDiffRateBelow the share of differing shadow comparisons must be below this
 * @param shadowComparedAtLeast at least this many shadow comparisons must have been made
 * @param errorRateBelow the share of the service's answers that were 5xx or no answer must be below this
 * @param serviceRequestsAtLeast the service must have answered at least this many requests
 */
public record Gates(boolean verifierClean, @Nullable Long syncLagBelowMillis, @Nullable Double shadowDiffRateBelow,
        @Nullable Long shadowComparedAtLeast, @Nullable Double errorRateBelow, @Nullable Long serviceRequestsAtLeast) {

    public static Gates none() {
        return new Gates(false, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return equals(none());
    }
}
