package dev.strangler.plans.history;

import dev.strangler.plans.runner.GateResult;
import java.util.List;

/**
 * A phase whose gates did not hold in time, with what the engines said of each failing gate at the last look (the
 * verifier's missing, extra and differing rows: table and key, and both sides' values of each differing column), so
 * that a stopped run explains itself in its log and report.
 */
final class GatesDidNotHold extends IllegalStateException {

    private final List<String> details;

    GatesDidNotHold(String message, List<GateResult> failing) {
        super(message);
        this.details = failing.stream().flatMap(gate -> gate.details().stream().map(d -> gate.gate() + ": " + d))
                .toList();
    }

    /** One line per thing a failing gate named, prefixed by the gate. */
    List<String> details() {
        return details;
    }

    /** The report's paragraph with {@code details}; empty when there are none. */
    static String reportSection(List<String> details) {
        if (details.isEmpty()) {
            return "";
        }
        StringBuilder section = new StringBuilder("What the failing gates said at the last look (the verifier's rows: "
                + "table and key, and for a differing row each column's value in the shared database (`source`) and "
                + "in the service's (`target`)):\n\n```\n");
        details.forEach(detail -> section.append(detail).append('\n'));
        return section.append("```\n\n").toString();
    }
}
