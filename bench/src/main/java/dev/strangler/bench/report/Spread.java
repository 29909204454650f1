package dev.strangler.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure measured once per round: its median and its spread (lowest to highest round). Medians, not means,
 * because a shared machine produces outlier rounds that a mean would smear over the others.
 */
public record Spread(List<Double> rounds) {

    public Spread {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one round");
        }
        rounds = List.copyOf(rounds);
    }

    public static Spread of(double... rounds) {
        List<Double> values = new ArrayList<>();
        for (double round : rounds) {
            values.add(round);
        }
        return new Spread(values);
    }

    /** The middle round; for an even number of rounds, the mean of the two middle ones. */
    public double median() {
        List<Double> sorted = new ArrayList<>(rounds);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return Collections.min(rounds);
    }

    public double max() {
        return Collections.max(rounds);
    }

    /** Per round: this figure divided by the baseline's figure of the same round (they ran back to back). */
    public Spread ratioTo(Spread baseline) {
        return pairwise(baseline, (subject, base) -> base == 0 ? 0 : subject / base);
    }

    /** Per round: this figure minus the baseline's figure of the same round. */
    public Spread minus(Spread baseline) {
        return pairwise(baseline, (subject, base) -> subject - base);
    }

    private Spread pairwise(Spread baseline, java.util.function.DoubleBinaryOperator operation) {
        if (baseline.rounds.size() != rounds.size()) {
            throw new IllegalArgumentException("subject has " + rounds.size() + " rounds, baseline "
                    + baseline.rounds.size());
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            values.add(operation.applyAsDouble(rounds.get(i), baseline.rounds.get(i)));
        }
        return new Spread(values);
    }

    /** {@code median (min–max)}, or just the value for a single round, with {@code decimals} digits. */
    public String format(int decimals) {
        String median = number(median(), decimals);
        if (rounds.size() == 1) {
            return median;
        }
        return median + " (" + number(min(), decimals) + "–" + number(max(), decimals) + ")";
    }

    static String number(double value, int decimals) {
        return String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value);
    }
}
