package dev.strangler.bench.report;

/**
 * One line of a report table: a figure of the subject next to its baseline from the same run, how they compare,
 * and the aim it is reported against.
 *
 * @param figure what was measured, with its unit
 * @param baseline the baseline's value (named), or empty when a figure has none
 * @param subject the kit's value
 * @param comparison ratio or difference of subject and baseline, per round, as median (spread)
 * @param target the aim, e.g. {@code ≥ 0.40}; empty when none
 * @param met whether the median meets the aim: {@code yes}, {@code no} or empty
 */
public record Row(String figure, String baseline, String subject, String comparison, String target, String met) {

    public static Row of(String figure, String baseline, String subject, String comparison) {
        return new Row(figure, baseline, subject, comparison, "", "");
    }

    /** The same row, reported against an aim that {@code met} says the median reaches or not. */
    public Row against(String aim, boolean metAim) {
        return new Row(figure, baseline, subject, comparison, aim, metAim ? "yes" : "**no**");
    }
}
