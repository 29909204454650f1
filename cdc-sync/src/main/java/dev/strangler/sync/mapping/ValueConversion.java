package dev.strangler.sync.mapping;

/**
 * A typed, reversible conversion of one column value, named in pipeline YAML ({@code convert: upper-case}).
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader} and, in the app, as Spring beans. They must be
 * stateless and thread-safe. {@link #toSource} is used by the reverse direction; a lossy conversion returns its input
 * unchanged there. Nulls never reach a conversion.
 *
 * @param <S> the Java type of the value in the shared (legacy) database
 * @param <T> the Java type of the value in the service database
 */
public interface ValueConversion<S, T> {

    /** The name used in YAML: lower-case words joined by dashes. */
    String name();

    Class<S> sourceType();

    Class<T> targetType();

    T toTarget(S value);

    S toSource(T value);
}
