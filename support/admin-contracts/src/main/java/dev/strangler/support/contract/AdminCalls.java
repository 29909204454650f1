package dev.strangler.support.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls one admin API as the control plane's client does: HTTP/1.1, JSON, a bearer token, an actor. */
final class AdminCalls {

    /** The actor every change of the contracts is made as, so that an audit entry is recognisably theirs. */
    static final String ACTOR = "contract-test";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer: its status, its media type and its body as JSON (an empty object when there is none). */
    record Answer(int status, String contentType, JsonNode body, String text) {

        /** A 200 with a JSON body. */
        Answer ok() {
            assertThat(status).as("status of %s", text).isEqualTo(200);
            assertThat(contentType).as("content type").startsWith("application/json");
            return this;
        }

        /** An RFC 9457 problem document with this status. */
        Answer problem(int expected) {
            assertThat(status).as("status of %s", text).isEqualTo(expected);
            assertThat(contentType).as("content type").startsWith("application/problem+json");
            return this;
        }

        /** A problem document that names the field, as a {@code field} member or in its text. */
        Answer naming(String field) {
            assertThat(text).as("problem document").contains("\"" + field + "\"");
            return this;
        }
    }

    private final URI base;

    private final String token;

    AdminCalls(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    Answer get(String path) {
        return send("GET", path, null, token);
    }

    Answer put(String path, String body, String... headers) {
        return send("PUT", path, body, token, headers);
    }

    Answer post(String path, String body) {
        return send("POST", path, body, token);
    }

    Answer send(String method, String path, @Nullable String body, @Nullable String bearer, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json").header("X-Strangler-Actor", ACTOR);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json,
                    method + " " + path + " -> " + response.statusCode() + " " + text);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Without the token or with a wrong one, a read and a change are 401 problem documents, and the change is not
     * made ({@code state} reads what it would have changed).
     */
    void refusesWithoutTheToken(String read, String method, String change, String body, Supplier<String> state) {
        String before = state.get();

        send("GET", read, null, null).problem(401);
        send("GET", read, null, token + "x").problem(401);
        send(method, change, body, null).problem(401);

        assertThat(state.get()).as("after the refused %s %s", method, change).isEqualTo(before);
    }

    /** The element of a JSON array whose {@code member} is {@code value}. */
    static JsonNode find(JsonNode array, String member, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(item -> value.equals(item.path(member).asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + member + " '" + value + "' in " + array));
    }

    /** Every member is there (its value may be null). */
    static void hasMembers(JsonNode node, String... members) {
        for (String member : members) {
            assertThat(node.has(member)).as("member '%s' of %s", member, node).isTrue();
        }
    }
}
