package dev.strangler.proxy.shadow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.strangler.proxy.routing.ShadowPolicy;

/**
 * Compares the monolith's answer with the service's: status, the policy's chosen headers, and the body, as JSON
 * when both are JSON and byte for byte otherwise.
 */
final class ResponseComparison {

    private final JsonMapper json;

    ResponseComparison(JsonMapper json) {
        this.json = json;
    }

    List<Difference> compare(CapturedResponse monolith, CapturedResponse service, ShadowPolicy policy) {
        List<Difference> differences = new ArrayList<>();
        if (policy.notFoundAsEmpty() && (isNotFoundAgainstEmptyList(monolith, service)
                || isNotFoundAgainstEmptyList(service, monolith))) {
            return differences;
        }
        if (monolith.status() != service.status()) {
            differences.add(new Difference("status", String.valueOf(monolith.status()),
                    String.valueOf(service.status())));
        }
        for (String header : policy.compareHeaders()) {
            String left = headerValue(monolith.headers(), header);
            String right = headerValue(service.headers(), header);
            if (!Objects.equals(left, right)) {
                differences.add(new Difference("header " + header, display(left), display(right)));
            }
        }
        if (monolith.truncated() || service.truncated()) {
            differences.add(new Difference("body", "(not compared: larger than the limit)", ""));
            return differences;
        }
        if (isJson(monolith) && isJson(service)) {
            try {
                JsonNode left = this.json.readTree(monolith.body());
                JsonNode right = this.json.readTree(service.body());
                differences.addAll(new JsonDiff(policy).compare(left, right));
                return differences;
            }
            catch (JacksonException ex) {
                // Declared JSON but is not: fall through to a byte comparison.
            }
        }
        if (!Arrays.equals(monolith.body(), service.body())) {
            differences.add(new Difference("body", monolith.body().length + " bytes", service.body().length
                    + " bytes, not equal"));
        }
        return differences;
    }

    /** {@code notFound} is a 404 and {@code list} a 200 whose body is the empty JSON array. */
    private boolean isNotFoundAgainstEmptyList(CapturedResponse notFound, CapturedResponse list) {
        if (notFound.status() != 404 || list.status() != 200 || !isJson(list) || list.truncated()) {
            return false;
        }
        try {
            JsonNode body = this.json.readTree(list.body());
            return body.isArray() && body.isEmpty();
        }
        catch (JacksonException ex) {
            return false;
        }
    }

    // Content-Type compares by media type: a charset parameter one side adds is not a behaviour change.
    private static String headerValue(HttpHeaders headers, String name) {
        List<String> values = headers.getOrEmpty(name);
        if (values.isEmpty()) {
            return null;
        }
        if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
            try {
                MediaType type = MediaType.parseMediaType(values.get(0));
                return type.getType() + "/" + type.getSubtype();
            }
            catch (InvalidMediaTypeException ex) {
                return values.get(0);
            }
        }
        return String.join(", ", values);
    }

    private static String display(String value) {
        return (value != null) ? value : Difference.ABSENT;
    }

    private static boolean isJson(CapturedResponse response) {
        String type = response.headers().getFirst(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json") && response.body().length > 0;
    }

}
