package dev.strangler.archrules;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.TextFileBasedViolationStore;
import com.tngtech.archunit.library.freeze.ViolationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A violation store in memory, for "what if" evaluations of frozen rules: what would the baseline become without
 * this class, would this new code pass? It starts empty or as a copy of a committed store, and never writes back.
 * Use it with {@code FreezingArchRule.freeze(rule).persistIn(store)}.
 */
public final class BaselineStore implements ViolationStore {

    private final Map<String, List<String>> violations = new LinkedHashMap<>();

    private BaselineStore() {
    }

    public static BaselineStore empty() {
        return new BaselineStore();
    }

    /** A copy of the given rules' entries in a committed store (ArchUnit's text format); the files stay untouched. */
    public static BaselineStore copyOf(Path storeDirectory, ArchRule... rules) {
        if (!Files.isRegularFile(storeDirectory.resolve("stored.rules"))) {
            throw new IllegalArgumentException(storeDirectory + ": holds no ArchUnit violation store (stored.rules)");
        }
        TextFileBasedViolationStore committed = new TextFileBasedViolationStore();
        Properties readOnly = new Properties();
        readOnly.setProperty("default.path", storeDirectory.toString());
        readOnly.setProperty("default.allowStoreCreation", "false");
        readOnly.setProperty("default.allowStoreUpdate", "false");
        committed.initialize(readOnly);
        BaselineStore copy = new BaselineStore();
        for (ArchRule rule : rules) {
            if (committed.contains(rule)) {
                copy.save(rule, committed.getViolations(rule));
            }
        }
        return copy;
    }

    /** Ignores ArchUnit's configuration on purpose: this store must never become the committed one. */
    @Override
    public void initialize(Properties properties) {
    }

    @Override
    public boolean contains(ArchRule rule) {
        return violations.containsKey(rule.getDescription());
    }

    @Override
    public void save(ArchRule rule, List<String> violations) {
        this.violations.put(rule.getDescription(), List.copyOf(violations));
    }

    @Override
    public List<String> getViolations(ArchRule rule) {
        return violations.getOrDefault(rule.getDescription(), List.of());
    }
}
