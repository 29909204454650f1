package dev.strangler.sync.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One target column filled from one source column, optionally through a {@link ValueConversion}.
 *
 * @param keyUuidWhenNull a null source value becomes the {@link NameUuid} of the target row's key
 *     ({@code when-null: key-uuid}); written back as is in reverse
 */
public record ColumnMapping(String targetColumn, String sourceColumn, @Nullable ValueConversion<?, ?> conversion,
        boolean keyUuidWhenNull) {

    public ColumnMapping(String targetColumn, String sourceColumn, @Nullable ValueConversion<?, ?> conversion) {
        this(targetColumn, sourceColumn, conversion, false);
    }

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
