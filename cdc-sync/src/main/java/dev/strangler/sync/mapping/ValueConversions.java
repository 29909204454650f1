package dev.strangler.sync.mapping;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** The conversions a pipeline may name: the built-ins, those on the class path, and any registered by the app. */
public final class ValueConversions {

    private final Map<String, ValueConversion<?, ?>> byName;

    private ValueConversions(Map<String, ValueConversion<?, ?>> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Built-ins plus every {@link ValueConversion} registered with {@link ServiceLoader}. */
    public static ValueConversions discovered() {
        return discoveredAnd(Set.of());
    }

    public static ValueConversions discoveredAnd(Collection<? extends ValueConversion<?, ?>> extra) {
        Map<String, ValueConversion<?, ?>> all = new LinkedHashMap<>();
        for (ValueConversion<?, ?> builtIn : new ValueConversion<?, ?>[] { new StringConversion("upper-case"),
                new StringConversion("lower-case"), new StringConversion("trim") }) {
            all.put(builtIn.name(), builtIn);
        }
        for (ValueConversion<?, ?> found : ServiceLoader.load(ValueConversion.class)) {
            all.put(found.name(), found);
        }
        for (ValueConversion<?, ?> conversion : extra) {
            all.put(conversion.name(), conversion);
        }
        return new ValueConversions(all);
    }

    Optional<ValueConversion<?, ?>> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Set<String> names() {
        return byName.keySet();
    }

    /** String conversions whose inverse is the identity: the service keeps the normalised form. */
    private record StringConversion(String name) implements ValueConversion<String, String> {

        @Override
        public Class<String> sourceType() {
            return String.class;
        }

        @Override
        public Class<String> targetType() {
            return String.class;
        }

        @Override
        public String toTarget(String value) {
            return switch (name) {
                case "upper-case" -> value.toUpperCase(Locale.ROOT);
                case "lower-case" -> value.toLowerCase(Locale.ROOT);
                default -> value.strip();
            };
        }

        @Override
        public String toSource(String value) {
            return value;
        }
    }
}
