package com.acme.shopcontract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Replays {@link ContractCase}s over real HTTP against one base URL and fails with every mismatch of a step.
 * Checking the {@link Side#MONOLITH} takes each case as written; checking a {@link Side#SERVICE} first applies
 * the {@link AllowedDifferences} a step names.
 */
public final class ContractReplayer {

    /** Which implementation answers: the reference, or a service that replaces it. */
    public enum Side { MONOLITH, SERVICE }

    private static final AtomicLong replays = new AtomicLong();

    private final URI baseUrl;
    private final Side side;
    private final Map<String, JsonNode> given;
    private final AllowedDifferences differences;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ContractReplayer(URI baseUrl, Side side, Map<String, ?> given, AllowedDifferences differences) {
        this.baseUrl = baseUrl;
        this.side = side;
        this.differences = differences;
        this.given = new HashMap<>();
        given.forEach((name, value) -> this.given.put(name, JsonMapper.shared().valueToTree(value)));
    }

    /**
     * @param baseUrl e.g. {@code http://localhost:8081}
     * @param given the values the cases name in {@code given}
     */
    public static ContractReplayer against(URI baseUrl, Side side, Map<String, ?> given) {
        return new ContractReplayer(baseUrl, side, given, AllowedDifferences.load());
    }

    public void replay(ContractCase contractCase) {
        Map<String, JsonNode> values = new HashMap<>(given);
        for (String name : contractCase.given()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("Case '" + contractCase.name() + "' needs a given value '" + name
                        + "'");
            }
        }
        values.put("unique", JsonNodeFactory.instance.stringNode(
                Long.toString(System.currentTimeMillis(), 36) + replays.incrementAndGet()));
        List<ContractCase.Step> steps = contractCase.steps();
        for (int i = 0; i < steps.size(); i++) {
            replay(contractCase, i + 1, steps.get(i), values);
        }
    }

    private void replay(ContractCase contractCase, int number, ContractCase.Step step, Map<String, JsonNode> values) {
        String method = step.request().method().toUpperCase(Locale.ROOT);
        String path = JsonExpectations.substitute(step.request().path(), values);
        String label = "case '" + contractCase.name() + "', step " + number + " (" + method + " " + path + ") on "
                + side.name().toLowerCase(Locale.ROOT) + " " + baseUrl;
        HttpResponse<String> response = send(method, path, requestBody(step.request(), values));
        @Nullable JsonNode body = parse(response.body());

        if (step.capture() != null) {
            step.capture().forEach((name, pointer) -> {
                JsonNode value = body == null ? null : body.at(pointer);
                if (value == null || value.isMissingNode()) {
                    throw new AssertionError(label + ": nothing at " + pointer + " to capture as " + name
                            + "; status " + response.statusCode() + ", body " + response.body());
                }
                values.put(name, value);
            });
        }

        ContractCase.Response expected = expectedResponse(step);
        List<String> problems = new ArrayList<>();
        if (response.statusCode() != expected.status()) {
            problems.add("status: expected " + expected.status() + " but was " + response.statusCode());
        }
        if (expected.contentType() != null) {
            String contentType = response.headers().firstValue("Content-Type").orElse("(none)");
            if (!contentType.split(";")[0].strip().equalsIgnoreCase(expected.contentType())) {
                problems.add("Content-Type: expected " + expected.contentType() + " but was " + contentType);
            }
        }
        if (expected.headers() != null) {
            expected.headers().forEach((name, value) -> {
                String wanted = JsonExpectations.substitute(value, values);
                String actual = response.headers().firstValue(name).orElse(null);
                if (!wanted.equals(actual)) {
                    problems.add("header " + name + ": expected " + wanted + " but was " + actual);
                }
            });
        }
        if (expected.body() != null) {
            List<String> ignored = side == Side.SERVICE ? differences.ignoredPointers(method, path) : List.of();
            problems.addAll(JsonExpectations.mismatches(JsonExpectations.substitute(expected.body(), values), body,
                    ignored));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(label + " does not keep the contract:\n  " + String.join("\n  ", problems)
                    + "\nresponse: " + response.statusCode() + " " + response.body());
        }
    }

    private ContractCase.Response expectedResponse(ContractCase.Step step) {
        if (side == Side.SERVICE && step.allowedDifference() != null) {
            AllowedDifferences.AllowedDifference difference = differences.byId(step.allowedDifference())
                    .orElseThrow(() -> new IllegalArgumentException("No allowed difference '"
                            + step.allowedDifference() + "' in " + AllowedDifferences.RESOURCE));
            if (difference.serviceResponse() != null) {
                return difference.serviceResponse();
            }
        }
        return step.response();
    }

    private static HttpRequest.BodyPublisher requestBody(ContractCase.Request request, Map<String, JsonNode> values) {
        if (request.rawBody() != null) {
            return HttpRequest.BodyPublishers.ofString(JsonExpectations.substitute(request.rawBody(), values));
        }
        if (request.body() != null) {
            return HttpRequest.BodyPublishers.ofString(JsonExpectations.substitute(request.body(), values).toString());
        }
        return HttpRequest.BodyPublishers.noBody();
    }

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .method(method, body)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not reach " + request.uri(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + request.uri(), ex);
        }
    }

    private static @Nullable JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return JsonMapper.shared().readTree(body);
        }
        catch (JacksonException ex) {
            return JsonNodeFactory.instance.stringNode(body);
        }
    }
}
