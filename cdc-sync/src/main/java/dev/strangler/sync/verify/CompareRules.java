package dev.strangler.sync.verify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How values of one pipeline are compared when the two sides store them with different precision. Without rules,
 * timestamps compare to the microsecond and numbers by exact value ({@code 10.5 = 10.50}).
 *
 * @param timestampPrecision for every timestamp column; {@code null} means {@link TimestampPrecision#MICROS}
 * @param numericScale decimal digits every non-integer number is rounded to on both sides; {@code null}: exact
 * @param columns overrides per target column, keyed {@code table.column} of the service side
 *     ({@code customer.modified_at})
 */
public record CompareRules(@Nullable TimestampPrecision timestampPrecision,
        @Nullable @Min(0) @Max(1000) Integer numericScale, Map<String, @Valid ColumnRule> columns) {

    /** One column's override; a {@code null} field falls back to the pipeline-wide rule. */
    public record ColumnRule(@Nullable TimestampPrecision timestampPrecision,
            @Nullable @Min(0) @Max(1000) Integer numericScale) {
    }

    public CompareRules {
        // Absent from the settings: no overrides.
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }

    /** Exact comparison: microseconds, exact numbers. */
    public static CompareRules exact() {
        return new CompareRules(null, null, Map.of());
    }

    public CompareRules withTimestampPrecision(TimestampPrecision precision) {
        return new CompareRules(precision, numericScale, columns);
    }

    public CompareRules withColumn(String column, ColumnRule rule) {
        Map<String, ColumnRule> all = new java.util.LinkedHashMap<>(columns());
        all.put(column, rule);
        return new CompareRules(timestampPrecision, numericScale, all);
    }

    TimestampPrecision timestampPrecisionOf(String column) {
        ColumnRule rule = columns().get(column);
        if (rule != null && rule.timestampPrecision() != null) {
            return rule.timestampPrecision();
        }
        return timestampPrecision == null ? TimestampPrecision.MICROS : timestampPrecision;
    }

    @Nullable Integer numericScaleOf(String column) {
        ColumnRule rule = columns().get(column);
        return rule != null && rule.numericScale() != null ? rule.numericScale() : numericScale;
    }
}
