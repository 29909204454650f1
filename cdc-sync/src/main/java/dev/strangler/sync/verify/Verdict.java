package dev.strangler.sync.verify;

import dev.strangler.sync.verify.DriftReport.ColumnDifference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Both canonical rows of one key; {@code null} where a side has no row. */
record Verdict(@Nullable List<@Nullable String> source, @Nullable List<@Nullable String> target) {

    /** The keys whose rows differ between the sides, with both rows. */
    static Map<RowKey, Verdict> differences(Map<RowKey, List<@Nullable String>> source,
            Map<RowKey, List<@Nullable String>> target) {
        Map<RowKey, Verdict> verdicts = new TreeMap<>();
        Set<RowKey> keys = new HashSet<>(source.keySet());
        keys.addAll(target.keySet());
        for (RowKey key : keys) {
            List<@Nullable String> s = source.get(key);
            List<@Nullable String> t = target.get(key);
            if (!Objects.equals(s, t)) {
                verdicts.put(key, new Verdict(s, t));
            }
        }
        return verdicts;
    }

    /** The columns whose values differ, for a key both sides hold. */
    List<ColumnDifference> differences(List<String> columns) {
        List<ColumnDifference> differences = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String s = Objects.requireNonNull(source).get(i);
            String t = Objects.requireNonNull(target).get(i);
            if (!Objects.equals(s, t)) {
                differences.add(new ColumnDifference(columns.get(i), s, t));
            }
        }
        return differences;
    }
}
