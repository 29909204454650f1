package dev.strangler.plans.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/** A Kafka Connect cluster's REST API (any worker's URL): installs connectors. */
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
        URI uri = base.resolve("connectors/" + URLEncoder.encode(connector.name(), StandardCharsets.UTF_8)
                + "/config");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(connector.config()))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Kafka Connect at " + base + " refused " + connector.name() + " (HTTP "
                        + response.statusCode() + "): " + response.body());
            }
            return response.statusCode() == 201;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Kafka Connect at " + base + " did not answer: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing " + connector.name(), ex);
        }
    }
}
