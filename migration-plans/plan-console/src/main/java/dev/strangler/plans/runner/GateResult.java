package dev.strangler.plans.runner;

import java.util.List;

/**
 * One gate's decision against live figures.
 *
 * @param gate what is checked, e.g. {@code shadow diff rate}
 * @param verdict passed, failed, or unavailable (the engine cannot give the figure)
 * @param figure the live figure, e.g. {@code 0.8% (4 of 500)}
 * @param bound the plan's bound, e.g. {@code < 5%}
 * @param details what the engines said beyond the figure (differing keys, latest diffs), possibly empty
 */
public record GateResult(String gate, Verdict verdict, String figure, String bound, List<String> details) {

    /** How a gate decided. */
    public enum Verdict { PASSED, FAILED, UNAVAILABLE }

    public GateResult {
        details = List.copyOf(details);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    @Override
    public String toString() {
        return gate + ": " + verdict + " (" + figure + ", bound " + bound + ")";
    }
}
