package dev.strangler.plans.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to an engine's admin API (the proxy's on 8001, cdc-sync's on 8090) with its bearer token. The plan
 * runner and the CLI reach the engines only this way, never through their classes.
 */
public final class AdminClient {

    /** The engine answered with an error; {@code detail} is its problem document's explanation. */
    public static final class AdminException extends RuntimeException {

        private final int status;

        public AdminException(int status, String detail) {
            super(detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            // HTTP/1.1: the JDK client would otherwise try an h2c upgrade, which a request with a body can hang on.
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    public JsonNode put(String path, Map<String, ?> body, String actor) {
        return send(request(path).header("Content-Type", "application/json").header("X-Strangler-Actor", actor)
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    /**
     * A change that applies only to the version the caller saw ({@code If-Match} with its ETag): the proxy answers
     * 412 when it changed meanwhile.
     */
    public JsonNode put(String path, Map<String, ?> body, String actor, String ifMatch) {
        return send(request(path).header("Content-Type", "application/json").header("X-Strangler-Actor", actor)
                .header("If-Match", ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    public JsonNode post(String path, Map<String, ?> body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    public JsonNode post(String path, Map<String, ?> body, String actor) {
        return send(request(path).header("Content-Type", "application/json").header("X-Strangler-Actor", actor)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    public URI base() {
        return base;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            if (response.statusCode() >= 400) {
                String detail = body.path("detail").asString(body.path("title").asString("HTTP "
                        + response.statusCode()));
                throw new AdminException(response.statusCode(), detail);
            }
            return body;
        }
        catch (ConnectException ex) {
            throw new AdminException(503, "Nothing answers at " + base + "; is the stack up? (strangler up)");
        }
        catch (IOException ex) {
            throw new AdminException(503, "Could not reach " + base + ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AdminException(503, "Interrupted while calling " + base);
        }
    }
}
