package com.acme.shopcontract;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares a JSON response body with an expected one and fills {@code {{name}}} placeholders.
 *
 * <p>Matchers, written as the expected string value: {@code @any} (present, any value), {@code @string},
 * {@code @string?} (a string or null), {@code @number}, {@code @timestamp} (an ISO-8601 instant), {@code @uuid}.
 * An expected object {@code {"@each": X, "@minItems": n}} matches an array whose every element matches X.
 * Objects must have exactly the expected properties: the shape is part of the contract.
 */
public final class JsonExpectations {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

    private JsonExpectations() {
    }

    /** {@code template} with every {@code {{name}}} replaced; a string that is only a placeholder takes the value's type. */
    public static JsonNode substitute(JsonNode template, Map<String, JsonNode> values) {
        if (template.isString()) {
            String text = template.stringValue();
            Matcher whole = WHOLE_PLACEHOLDER.matcher(text);
            if (whole.matches()) {
                return value(values, whole.group(1)).deepCopy();
            }
            return JsonNodeFactory.instance.stringNode(substitute(text, values));
        }
        if (template.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            template.properties().forEach(entry -> copy.set(entry.getKey(), substitute(entry.getValue(), values)));
            return copy;
        }
        if (template.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            template.forEach(element -> copy.add(substitute(element, values)));
            return copy;
        }
        return template;
    }

    public static String substitute(String text, Map<String, JsonNode> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = value(values, matcher.group(1));
            matcher.appendReplacement(result, Matcher.quoteReplacement(value.isString() ? value.stringValue()
                    : value.toString()));
        }
        return matcher.appendTail(result).toString();
    }

    private static JsonNode value(Map<String, JsonNode> values, String name) {
        JsonNode value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No value for {{" + name + "}}: neither given nor captured earlier");
        }
        return value;
    }

    /**
     * Every way {@code actual} departs from {@code expected}, as {@code pointer: problem} lines; empty when it
     * matches. Values at {@code ignoredPointers} need only be present.
     */
    public static List<String> mismatches(JsonNode expected, @Nullable JsonNode actual, List<String> ignoredPointers) {
        List<String> problems = new ArrayList<>();
        compare("", expected, actual, ignoredPointers, problems);
        return problems;
    }

    private static void compare(String pointer, JsonNode expected, @Nullable JsonNode actual, List<String> ignored,
            List<String> problems) {
        if (actual == null || actual.isMissingNode()) {
            problems.add(at(pointer) + "missing, expected " + expected);
            return;
        }
        if (ignored.stream().anyMatch(pattern -> pointerMatches(pattern, pointer))) {
            return;
        }
        if (expected.isString() && expected.stringValue().startsWith("@")) {
            String failure = matcher(expected.stringValue(), actual);
            if (failure != null) {
                problems.add(at(pointer) + failure);
            }
            return;
        }
        if (expected.isObject() && expected.has("@each")) {
            if (!actual.isArray()) {
                problems.add(at(pointer) + "expected an array but was " + actual);
                return;
            }
            int minItems = expected.path("@minItems").asInt(0);
            if (actual.size() < minItems) {
                problems.add(at(pointer) + "expected at least " + minItems + " elements but had " + actual.size());
            }
            for (int i = 0; i < actual.size(); i++) {
                compare(pointer + "/" + i, expected.get("@each"), actual.get(i), ignored, problems);
            }
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(at(pointer) + "expected an object but was " + actual);
                return;
            }
            Set<String> unexpected = new TreeSet<>(actual.propertyNames());
            unexpected.removeAll(expected.propertyNames());
            if (!unexpected.isEmpty()) {
                problems.add(at(pointer) + "unexpected properties " + unexpected);
            }
            expected.properties().forEach(entry -> compare(pointer + "/" + escape(entry.getKey()), entry.getValue(),
                    actual.get(entry.getKey()), ignored, problems));
            return;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                problems.add(at(pointer) + "expected " + expected + " but was " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(pointer + "/" + i, expected.get(i), actual.get(i), ignored, problems);
            }
            return;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                problems.add(at(pointer) + "expected " + expected + " but was " + actual);
            }
            return;
        }
        if (!expected.equals(actual)) {
            problems.add(at(pointer) + "expected " + expected + " but was " + actual);
        }
    }

    private static @Nullable String matcher(String matcher, JsonNode actual) {
        boolean matches = switch (matcher) {
            case "@any" -> true;
            case "@string" -> actual.isString();
            case "@string?" -> actual.isString() || actual.isNull();
            case "@number" -> actual.isNumber();
            case "@timestamp" -> actual.isString() && isInstant(actual.stringValue());
            case "@uuid" -> actual.isString() && isUuid(actual.stringValue());
            default -> throw new IllegalArgumentException("Unknown matcher " + matcher);
        };
        return matches ? null : "expected " + matcher + " but was " + actual;
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        }
        catch (DateTimeParseException ex) {
            return false;
        }
    }

    private static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /** Whether a concrete pointer such as {@code /items/3/updatedAt} matches a pattern such as {@code /items/*}{@code /updatedAt}. */
    static boolean pointerMatches(String pattern, String pointer) {
        String[] expected = pattern.split("/", -1);
        String[] actual = pointer.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!expected[i].equals(actual[i]) && !("*".equals(expected[i]) && actual[i].matches("\\d+"))) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }

    private static String at(String pointer) {
        return (pointer.isEmpty() ? "(body)" : pointer) + ": ";
    }
}
