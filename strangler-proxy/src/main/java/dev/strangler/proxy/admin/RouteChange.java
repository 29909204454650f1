package dev.strangler.proxy.admin;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.support.admin.AuditFields;
import dev.strangler.support.admin.InvalidFieldException;

/**
 * A validated {@code PUT /admin/routes/{id}} body. Parsed by hand from the JSON tree so that every problem names
 * its field, unknown fields are refused rather than ignored, and nothing in the body is ever evaluated.
 *
 * @param mode the mode to switch to
 * @param percent the canary percent, the rule's current one when the body has none
 * @param reason why, for the audit log
 */
record RouteChange(RouteMode mode, int percent, String reason) {

    private static final Set<String> FIELDS = Set.of("mode", "percent", "reason");

    private static final String MODES = String.join(", ",
            java.util.Arrays.stream(RouteMode.values()).map(RouteMode::name).toList());

    private static final JsonMapper STRICT = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    /** The body is not an acceptable change; {@code field} names what is wrong. */
    static final class InvalidChangeException extends RuntimeException {

        private final String field;

        InvalidChangeException(String field, String reason) {
            super(reason);
            this.field = field;
        }

        String field() {
            return this.field;
        }

    }

    static RouteChange parse(String body, RouteRule current) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        }
        catch (JacksonException ex) {
            throw new InvalidChangeException("body", "malformed JSON: " + ex.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidChangeException("body", "must be a JSON object such as "
                    + "{\"mode\":\"SERVICE\",\"percent\":0,\"reason\":\"...\"}");
        }
        for (Iterator<String> names = root.propertyNames().iterator(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidChangeException(name, "unknown field (known: mode, percent, reason)");
            }
        }
        RouteMode mode = mode(root.get("mode"));
        int percent = percent(root.get("percent"), mode, current);
        String reason = reason(root.get("reason"));
        return new RouteChange(mode, percent, reason);
    }

    private static RouteMode mode(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidChangeException("mode", "is required (one of " + MODES + ")");
        }
        if (!node.isString()) {
            throw new InvalidChangeException("mode", "must be a string (one of " + MODES + ")");
        }
        try {
            return RouteMode.valueOf(node.asString().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidChangeException("mode",
                    "unknown mode '" + node.asString() + "' (one of " + MODES + ")");
        }
    }

    private static int percent(@Nullable JsonNode node, RouteMode mode, RouteRule current) {
        if (node == null || node.isNull()) {
            if (mode == RouteMode.CANARY && current.mode() != RouteMode.CANARY) {
                throw new InvalidChangeException("percent", "is required when switching to CANARY");
            }
            return current.percent();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > 100) {
            throw new InvalidChangeException("percent", "must be a whole number from 0 to 100, was " + node);
        }
        return node.intValue();
    }

    private static String reason(@Nullable JsonNode node) {
        if (node == null || node.isNull() || !node.isString() || node.asString().isBlank()) {
            throw new InvalidChangeException("reason", "is required: say why, it goes into the audit log");
        }
        try {
            return AuditFields.reason(node.asString());
        }
        catch (InvalidFieldException ex) {
            throw new InvalidChangeException(ex.field(), ex.reason());
        }
    }

    static Map<String, String> problemFields(InvalidChangeException ex) {
        return Map.of("field", ex.field());
    }

}
