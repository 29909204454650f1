package dev.strangler.sync.verify.assertj;

import dev.strangler.sync.verify.DriftReport;
import dev.strangler.sync.verify.DriftReport.ColumnDifference;
import dev.strangler.sync.verify.DriftReport.DifferingRow;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on what a verification found. Keys are given as the legacy key's value ({@code 42} for
 * {@code {"id": 42}}); columns as the service column, {@code table.column}. Failure messages print the whole report.
 */
public final class DriftReportAssert extends AbstractAssert<DriftReportAssert, DriftReport> {

    DriftReportAssert(DriftReport actual) {
        super(actual, DriftReportAssert.class);
    }

    /** No missing, extra or differing key, and every key that was in flight has settled. */
    public DriftReportAssert isInSync() {
        isNotNull();
        if (!actual.inSync()) {
            failWithMessage("Expected pipeline <%s> to be in sync, but it was not:%n%s", actual.pipeline(),
                    describe(actual));
        }
        return this;
    }

    /** No missing, extra or differing key; keys may still be in flight (the system is live). */
    public DriftReportAssert hasNoDrift() {
        isNotNull();
        if (actual.hasDrift() || actual.truncated()) {
            failWithMessage("Expected no drift in pipeline <%s>, but found:%n%s", actual.pipeline(), describe(actual));
        }
        return this;
    }

    /** Exactly one key differs, in exactly this column; nothing is missing or extra. */
    public DriftReportAssert hasDriftOnlyIn(long key, String column) {
        DifferingRow row = onlyDifferingRow(key);
        List<String> columns = row.columns().stream().map(ColumnDifference::column).toList();
        if (!columns.equals(List.of(column))) {
            failWithMessage("Expected key <%s> to differ only in <%s>, but it differs in %s:%n%s", key, column,
                    columns, describe(actual));
        }
        return this;
    }

    /** Exactly one key differs, in exactly this column, with these canonical values on each side. */
    public DriftReportAssert hasDriftOnlyIn(long key, String column, @Nullable String source,
            @Nullable String target) {
        hasDriftOnlyIn(key, column);
        ColumnDifference difference = onlyDifferingRow(key).columns().get(0);
        if (!Objects.equals(difference.source(), source) || !Objects.equals(difference.target(), target)) {
            failWithMessage("Expected <%s> of key <%s> to be %s in the source and %s in the target, but was %s and %s",
                    column, key, quoted(source), quoted(target), quoted(difference.source()),
                    quoted(difference.target()));
        }
        return this;
    }

    /** The differing keys and their differing columns are exactly these; nothing is missing or extra. */
    public DriftReportAssert hasDifferingColumns(Map<Long, List<String>> expected) {
        isNotNull();
        Map<Long, List<String>> found = new java.util.TreeMap<>();
        actual.differing().forEach(row -> found.put(keyValue(row.key()),
                row.columns().stream().map(ColumnDifference::column).toList()));
        if (!found.equals(new java.util.TreeMap<>(expected)) || !actual.missing().isEmpty()
                || !actual.extra().isEmpty()) {
            failWithMessage("Expected exactly the differing columns %s, but found:%n%s", expected, describe(actual));
        }
        return this;
    }

    /** These keys, and no others, are in the source only; nothing else differs. */
    public DriftReportAssert hasOnlyMissing(long... keys) {
        isNotNull();
        if (!keys(actual.missing()).equals(sorted(keys)) || !actual.extra().isEmpty()
                || !actual.differing().isEmpty()) {
            failWithMessage("Expected exactly the missing keys %s and no other drift, but found:%n%s",
                    Arrays.toString(keys), describe(actual));
        }
        return this;
    }

    /** These keys, and no others, are in the target only; nothing else differs. */
    public DriftReportAssert hasOnlyExtra(long... keys) {
        isNotNull();
        if (!keys(actual.extra()).equals(sorted(keys)) || !actual.missing().isEmpty()
                || !actual.differing().isEmpty()) {
            failWithMessage("Expected exactly the extra keys %s and no other drift, but found:%n%s",
                    Arrays.toString(keys), describe(actual));
        }
        return this;
    }

    private DifferingRow onlyDifferingRow(long key) {
        isNotNull();
        if (actual.differing().size() != 1 || keyValue(actual.differing().get(0).key()) != key
                || !actual.missing().isEmpty() || !actual.extra().isEmpty()) {
            failWithMessage("Expected only key <%s> to differ, but found:%n%s", key, describe(actual));
        }
        return actual.differing().get(0);
    }

    private static List<Long> keys(List<Map<String, Object>> keys) {
        return keys.stream().map(DriftReportAssert::keyValue).sorted().toList();
    }

    private static List<Long> sorted(long... keys) {
        return Arrays.stream(keys).sorted().boxed().toList();
    }

    /** The value of a single-column legacy key ({@code table} names the source table in multi-table pipelines). */
    private static long keyValue(Map<String, Object> key) {
        return key.entrySet().stream().filter(e -> !e.getKey().equals("table")).map(Map.Entry::getValue)
                .filter(Number.class::isInstance).map(n -> ((Number) n).longValue()).findFirst().orElse(Long.MIN_VALUE);
    }

    private static String quoted(@Nullable String value) {
        return value == null ? "NULL" : "'" + value + "'";
    }

    private static String describe(DriftReport report) {
        StringBuilder text = new StringBuilder();
        text.append("  missing:   ").append(report.missing()).append('\n');
        text.append("  extra:     ").append(report.extra()).append('\n');
        text.append("  differing: ");
        if (report.differing().isEmpty()) {
            text.append("[]");
        }
        for (DifferingRow row : report.differing()) {
            text.append("\n    ").append(row.key()).append(": ");
            row.columns().forEach(c -> text.append(c.column()).append(" source ").append(quoted(c.source()))
                    .append(" target ").append(quoted(c.target())).append("; "));
        }
        text.append('\n').append("  in flight: ").append(report.inFlight()).append(report.caughtUp() ? ""
                : " (the pipeline did not catch up, or keys kept changing)").append('\n');
        text.append("  truncated: ").append(report.truncated()).append(", rows compared: ")
                .append(report.rowsCompared()).append(", queries: ").append(report.queries());
        return text.toString();
    }
}
