package dev.strangler.sync.mapping;

import org.jspecify.annotations.Nullable;

/** One target column filled from one source column, optionally through a {@link ValueConversion}. */
public record ColumnMapping(String targetColumn, String sourceColumn, @Nullable ValueConversion<?, ?> conversion) {

    @SuppressWarnings({ "unchecked", "rawtypes" })
    @Nullable Object toTarget(@Nullable Object sourceValue) {
        if (sourceValue == null || conversion == null) {
            return sourceValue;
        }
        requireType(sourceValue, conversion.sourceType(), sourceColumn);
        return ((ValueConversion) conversion).toTarget(sourceValue);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    @Nullable Object toSource(@Nullable Object targetValue) {
        if (targetValue == null || conversion == null) {
            return targetValue;
        }
        requireType(targetValue, conversion.targetType(), targetColumn);
        return ((ValueConversion) conversion).toSource(targetValue);
    }

    private void requireType(Object value, Class<?> expected, String column) {
        if (!expected.isInstance(value)) {
            throw new IllegalStateException("Conversion '" + conversion.name() + "' expects " + expected.getSimpleName()
                    + " in column " + column + " but got " + value.getClass().getSimpleName());
        }
    }
}
