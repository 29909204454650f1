package dev.strangler.archrules;

import java.util.List;

/**
 * The outcome of {@link ArchCheck}: each rule with its reason and its violations, each violation naming the
 * offending class and source line.
 *
 * @param checked what was checked, as given (a classes directory or a jar)
 * @param classCount how many classes were imported
 * @param plans the names of the plans the rules came from
 * @param results one per rule, in the order the rules ran
 * @param notes what the reader must know about which rules ran and why (e.g. that no plan named these classes)
 */
public record ArchReport(String checked, int classCount, List<String> plans, List<RuleResult> results,
        List<String> notes) {

    public ArchReport {
        plans = List.copyOf(plans);
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }

    public ArchReport(String checked, int classCount, List<String> plans, List<RuleResult> results) {
        this(checked, classCount, plans, results, List.of());
    }

    /**
     * One rule's outcome.
     *
     * @param rule the rule as a sentence
     * @param reason why the rule holds (its {@code because})
     * @param violations one line each, ArchUnit's wording, ending in the location, e.g. {@code (Foo.java:42)}
     */
    public record RuleResult(String rule, String reason, List<String> violations) {

        public RuleResult {
            violations = List.copyOf(violations);
        }

        public boolean passed() {
            return violations.isEmpty();
        }
    }

    public int violationCount() {
        return results.stream().mapToInt(result -> result.violations().size()).sum();
    }

    /** No violation among rules that ran; when no rule ran, nothing was checked, which is never a pass. */
    public boolean passed() {
        return !results.isEmpty() && violationCount() == 0;
    }

    /** The report as a person reads it in a terminal. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("Architecture check of ").append(checked).append(": ").append(classCount).append(" classes, ")
                .append(plans.isEmpty() ? "no plans" : "plans " + String.join(", ", plans)).append("\n\n");
        notes.forEach(note -> text.append("NOTE    ").append(note).append('\n'));
        if (!notes.isEmpty()) {
            text.append('\n');
        }
        for (RuleResult result : results) {
            text.append(result.passed() ? "PASSED  " : "FAILED  ").append(result.rule());
            if (!result.passed()) {
                text.append(" (").append(result.violations().size())
                        .append(result.violations().size() == 1 ? " violation)" : " violations)");
            }
            text.append("\n        because ").append(result.reason()).append('\n');
            for (String violation : result.violations()) {
                text.append("        - ").append(violation.replace("\n", "\n          ")).append('\n');
            }
        }
        if (results.isEmpty()) {
            text.append("no rule applied to these classes: nothing was checked, which is not a pass\n");
            return text.toString();
        }
        long failed = results.stream().filter(result -> !result.passed()).count();
        text.append('\n').append(failed).append(" of ").append(results.size()).append(" rules violated, ")
                .append(violationCount()).append(violationCount() == 1 ? " violation" : " violations")
                .append('\n');
        return text.toString();
    }
}
