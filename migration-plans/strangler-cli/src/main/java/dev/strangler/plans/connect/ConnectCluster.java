package dev.strangler.plans.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka Connect cluster's REST API (any worker's URL): installs connectors, and moves a running pipeline over
 * (connectors created {@code STOPPED}, source offsets set, resumed: KIP-875 and KIP-980, Kafka Connect 3.6+).
 */
public final class ConnectCluster {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ConnectCluster(URI base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    /**
     * Creates the connector or replaces its configuration ({@code PUT /connectors/{name}/config}); returns whether
     * it was created (201) rather than updated (200).
     *
     * @throws IllegalStateException with Connect's own message when it refuses (e.g. a config that fails validation)
     */
    public boolean put(ConnectorConfigs.Connector connector) {
        HttpResponse<String> response = send(connector.name(), HttpRequest.newBuilder(connector(connector.name(),
                "/config")).PUT(body(connector.config())));
        return response.statusCode() == 201;
    }

    /** Whether the cluster answers ({@code GET /}); the reason when it does not. */
    public void requireAnswers() {
        send("its version", HttpRequest.newBuilder(base).GET());
    }

    /** Whether a connector of that name exists ({@code GET /connectors/{name}} answers 200, not 404). */
    public boolean exists(String name) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(connector(name, "")).GET());
        if (response.statusCode() == 404) {
            return false;
        }
        requireSuccess(name, response);
        return true;
    }

    /** Creates the connector in the {@code STOPPED} state ({@code POST /connectors}, {@code initial_state}). */
    public void createStopped(ConnectorConfigs.Connector connector) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", connector.name());
        request.put("config", connector.config());
        request.put("initial_state", "STOPPED");
        send(connector.name(), HttpRequest.newBuilder(base.resolve("connectors")).POST(body(request)));
    }

    /**
     * Sets a stopped source connector's offset of one source partition ({@code PATCH /connectors/{name}/offsets}):
     * where its tasks resume.
     */
    public void alterSourceOffset(String name, Map<String, ?> partition, Map<String, ?> offset) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("partition", partition);
        entry.put("offset", offset);
        send(name, HttpRequest.newBuilder(connector(name, "/offsets"))
                .method("PATCH", body(Map.of("offsets", List.of(entry)))));
    }

    /** Starts a stopped (or paused) connector's tasks ({@code PUT /connectors/{name}/resume}). */
    public void resume(String name) {
        send(name, HttpRequest.newBuilder(connector(name, "/resume")).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Stops a connector ({@code PUT /connectors/{name}/stop}, KIP-875): its tasks shut down and a source's last
     * offsets are committed; waits until its status says {@code STOPPED} with no task left.
     */
    public void stop(String name, Duration timeout) {
        send(name, HttpRequest.newBuilder(connector(name, "/stop")).PUT(HttpRequest.BodyPublishers.noBody()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = json.readTree(send(name, HttpRequest.newBuilder(connector(name, "/status")).GET()).body());
            if (status.path("connector").path("state").asString().equals("STOPPED") && status.path("tasks").isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Connector " + name + " on " + base + " did not stop within " + timeout
                        + ": " + status);
            }
            pause();
        }
    }

    /**
     * A source connector's committed offset of one source partition ({@code GET /connectors/{name}/offsets}).
     *
     * @throws IllegalStateException when it has none (it never committed one)
     */
    public Map<String, Object> sourceOffset(String name, Map<String, ?> partition) {
        JsonNode offsets = json.readTree(send(name, HttpRequest.newBuilder(connector(name, "/offsets")).GET()).body());
        for (JsonNode entry : offsets.path("offsets")) {
            if (json.convertValue(entry.path("partition"), Map.class).equals(partition)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> offset = json.convertValue(entry.path("offset"), Map.class);
                return offset;
            }
        }
        throw new IllegalStateException("Connector " + name + " on " + base + " has no offset of partition "
                + partition + ": " + offsets);
    }

    /** Removes a connector ({@code DELETE /connectors/{name}}); its offsets stay in the cluster's topics. */
    public void delete(String name) {
        send(name, HttpRequest.newBuilder(connector(name, "")).DELETE());
    }

    public URI url() {
        return base;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka Connect", ex);
        }
    }

    private URI connector(String name, String path) {
        return base.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + path);
    }

    private HttpRequest.BodyPublisher body(Object value) {
        return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(value));
    }

    private HttpResponse<String> send(String subject, HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request);
        requireSuccess(subject, response);
        return response;
    }

    private void requireSuccess(String subject, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Kafka Connect at " + base + " refused " + response.request().method()
                    + " " + response.request().uri().getPath() + " for " + subject + " (HTTP " + response.statusCode()
                    + "): " + response.body());
        }
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Kafka Connect at " + base + " did not answer: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to Kafka Connect at " + base, ex);
        }
    }
}
