package com.acme.shopcontract;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One behaviour of the API as a sequence of requests and the responses they must get. Values written as
 * {@code {{name}}} come from {@code given} (supplied by whoever replays the case), from earlier steps'
 * {@code capture}, or are {@code {{unique}}} (a token unique to this replay).
 *
 * @param name what the case shows, in a sentence; becomes the test name
 * @param given names of values the replaying test must supply, e.g. an existing customer id
 * @param steps the requests, in order
 */
public record ContractCase(String name, List<String> given, List<Step> steps) {

    public ContractCase {
        given = given == null ? List.of() : List.copyOf(given);
        steps = List.copyOf(steps);
    }

    /**
     * A request, the response it must get and the values to remember from that response.
     *
     * @param capture variable name → JSON Pointer into the response body
     * @param allowedDifference id of an entry of {@code allowed-differences.json} that applies to this step
     */
    public record Step(Request request, Response response, @Nullable Map<String, String> capture,
            @Nullable String allowedDifference) {
    }

    /**
     * @param body JSON body, sent as {@code application/json}
     * @param rawBody sent verbatim as {@code application/json}, for malformed documents
     */
    public record Request(String method, String path, @Nullable JsonNode body, @Nullable String rawBody) {
    }

    /**
     * What a response must be. The body is compared as JSON: objects must have exactly the expected properties,
     * arrays the expected elements; strings starting with {@code @} are matchers (see {@link JsonExpectations}).
     *
     * @param contentType compared as a media type without parameters; not checked when absent
     * @param headers header name → expected value (after substitution)
     * @param body not checked when absent
     */
    public record Response(int status, @Nullable String contentType, @Nullable Map<String, String> headers,
            @Nullable JsonNode body) {
    }
}
