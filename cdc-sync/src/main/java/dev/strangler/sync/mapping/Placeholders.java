package dev.strangler.sync.mapping;

import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Resolves {@code ${NAME}} and {@code ${NAME:default}} in pipeline values, for use without a Spring Environment. */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private Placeholders() {
    }

    /** Looks names up in {@code lookup} (e.g. {@code System::getenv}); a name without value or default is an error. */
    public static UnaryOperator<String> from(Function<String, @Nullable String> lookup) {
        return value -> {
            Matcher matcher = PLACEHOLDER.matcher(value);
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                String found = lookup.apply(matcher.group(1));
                if (found == null) {
                    found = matcher.group(2);
                }
                if (found == null) {
                    throw new IllegalArgumentException("no value for placeholder ${" + matcher.group(1) + "}");
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(found));
            }
            matcher.appendTail(resolved);
            return resolved.toString();
        };
    }
}
