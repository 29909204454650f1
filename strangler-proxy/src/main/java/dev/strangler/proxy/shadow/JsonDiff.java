package dev.strangler.proxy.shadow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.strangler.proxy.routing.ShadowPolicy;

/**
 * Compares two JSON documents under a rule's {@link ShadowPolicy}: ignored JSON Pointers (a {@code *} segment
 * matches any one key or index), arrays as multisets when order does not matter, and numbers equal within a
 * tolerance. Differences are reported with the JSON Pointer where they occur.
 */
final class JsonDiff {

    /** Beyond this size unordered arrays are compared in order: matching is quadratic. */
    private static final int UNORDERED_LIMIT = 500;

    private static final int VALUE_LIMIT = 200;

    private final List<String[]> ignored;

    private final boolean ignoreArrayOrder;

    private final BigDecimal tolerance;

    JsonDiff(ShadowPolicy policy) {
        this.ignored = policy.ignore().stream().map((pointer) -> pointer.substring(1).split("/", -1)).toList();
        this.ignoreArrayOrder = policy.ignoreArrayOrder();
        this.tolerance = policy.numericTolerance();
    }

    List<Difference> compare(JsonNode monolith, JsonNode service) {
        List<Difference> differences = new ArrayList<>();
        walk(new ArrayList<>(), monolith, service, differences);
        return differences;
    }

    private void walk(List<String> path, JsonNode monolith, JsonNode service, List<Difference> out) {
        if (isIgnored(path)) {
            return;
        }
        if (monolith.isNumber() && service.isNumber()) {
            BigDecimal gap = monolith.decimalValue().subtract(service.decimalValue()).abs();
            if (gap.compareTo(this.tolerance) > 0) {
                out.add(difference(path, monolith, service));
            }
        }
        else if (monolith.isObject() && service.isObject()) {
            Set<String> names = new LinkedHashSet<>(monolith.propertyNames());
            names.addAll(service.propertyNames());
            for (String name : names) {
                List<String> child = child(path, name);
                JsonNode left = monolith.get(name);
                JsonNode right = service.get(name);
                if (left == null || right == null) {
                    if (!isIgnored(child)) {
                        out.add(new Difference(pointer(child), render(left), render(right)));
                    }
                }
                else {
                    walk(child, left, right, out);
                }
            }
        }
        else if (monolith.isArray() && service.isArray()) {
            if (this.ignoreArrayOrder && monolith.size() <= UNORDERED_LIMIT && service.size() <= UNORDERED_LIMIT) {
                compareUnordered(path, monolith, service, out);
            }
            else {
                compareOrdered(path, monolith, service, out);
            }
        }
        else if (!monolith.equals(service)) {
            out.add(difference(path, monolith, service));
        }
    }

    private void compareOrdered(List<String> path, JsonNode monolith, JsonNode service, List<Difference> out) {
        int size = Math.max(monolith.size(), service.size());
        for (int i = 0; i < size; i++) {
            List<String> child = child(path, String.valueOf(i));
            if (i >= monolith.size() || i >= service.size()) {
                if (!isIgnored(child)) {
                    out.add(new Difference(pointer(child), render(monolith.get(i)), render(service.get(i))));
                }
            }
            else {
                walk(child, monolith.get(i), service.get(i), out);
            }
        }
    }

    private void compareUnordered(List<String> path, JsonNode monolith, JsonNode service, List<Difference> out) {
        boolean[] used = new boolean[service.size()];
        for (int i = 0; i < monolith.size(); i++) {
            List<String> child = child(path, String.valueOf(i));
            boolean found = false;
            for (int j = 0; j < service.size() && !found; j++) {
                if (!used[j]) {
                    List<Difference> trial = new ArrayList<>();
                    walk(child, monolith.get(i), service.get(j), trial);
                    if (trial.isEmpty()) {
                        used[j] = true;
                        found = true;
                    }
                }
            }
            if (!found && !isIgnored(child)) {
                out.add(new Difference(pointer(child), render(monolith.get(i)), "(no equal element)"));
            }
        }
        for (int j = 0; j < service.size(); j++) {
            List<String> child = child(path, String.valueOf(j));
            if (!used[j] && !isIgnored(child)) {
                out.add(new Difference(pointer(child), "(no equal element)", render(service.get(j))));
            }
        }
    }

    private boolean isIgnored(List<String> path) {
        for (String[] pattern : this.ignored) {
            if (pattern.length <= path.size() && prefixMatches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    // An ignored pointer also ignores everything below it.
    private static boolean prefixMatches(String[] pattern, List<String> path) {
        for (int i = 0; i < pattern.length; i++) {
            String segment = unescape(pattern[i]);
            if (!segment.equals("*") && !segment.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> child(List<String> path, String segment) {
        List<String> child = new ArrayList<>(path.size() + 1);
        child.addAll(path);
        child.add(segment);
        return child;
    }

    private static Difference difference(List<String> path, JsonNode monolith, JsonNode service) {
        return new Difference(pointer(path), render(monolith), render(service));
    }

    static String pointer(List<String> path) {
        if (path.isEmpty()) {
            return "";
        }
        StringBuilder pointer = new StringBuilder();
        for (String segment : path) {
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }

    private static String render(@Nullable JsonNode node) {
        if (node == null) {
            return Difference.ABSENT;
        }
        String text = node.toString();
        return (text.length() > VALUE_LIMIT) ? text.substring(0, VALUE_LIMIT) + "…" : text;
    }

    @Override
    public String toString() {
        return "JsonDiff[ignore=" + this.ignored.stream().map(Arrays::toString).toList() + ", ignoreArrayOrder="
                + this.ignoreArrayOrder + ", tolerance=" + this.tolerance + "]";
    }

}
