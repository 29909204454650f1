package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka Connect worker's REST API as the Connect tests read and drive it: whether the worker answers, a connector's
 * status and stored offsets, stop and resume. Any worker of a cluster answers for every connector of it. A call the
 * worker answers with anything but 2xx throws with its status and body, so that a test's await shows why.
 */
final class ConnectRest {

    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper json = JsonMapper.builder().build();

    private final String url;

    ConnectRest(String url) {
        this.url = url;
    }

    /** Whether the worker's herder answers (it refuses with 409 until it has joined the group and read configs). */
    boolean answers() {
        connectors();
        return true;
    }

    /** {@code GET /connectors}: the names of the cluster's connectors, as JSON. */
    String connectors() {
        return send(request("/connectors").GET());
    }

    /** {@code GET /connectors/{name}/status}: 404 until the worker that runs the connector has reported it. */
    JsonNode status(String connector) {
        return json.readTree(send(request("/connectors/" + connector + "/status").GET()));
    }

    /** The source connector's offsets as Connect stored them ({@code GET /connectors/{name}/offsets}). */
    JsonNode offsets(String connector) {
        return json.readTree(send(request("/connectors/" + connector + "/offsets").GET())).path("offsets");
    }

    /** {@code PUT /connectors/{name}/stop}: its tasks stop, its offsets stay. */
    void stop(String connector) {
        send(request("/connectors/" + connector + "/stop").PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code PUT /connectors/{name}/resume}. */
    void resume(String connector) {
        send(request("/connectors/" + connector + "/resume").PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** Waits until each connector and every one of its tasks is RUNNING. */
    void awaitRunning(String... connectors) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
            for (String connector : connectors) {
                JsonNode status = status(connector);
                assertThat(status.path("connector").path("state").asString()).as(connector).isEqualTo("RUNNING");
                assertThat(status.path("tasks")).as(connector + " tasks").isNotEmpty()
                        .allSatisfy(task -> assertThat(task.path("state").asString()).as(task.toString())
                                .isEqualTo("RUNNING"));
            }
        });
    }

    /** The connectors' tasks that the worker {@code workerId} (its REST URL without the scheme) runs, as name#id. */
    List<String> tasksOn(String workerId, String... connectors) {
        List<String> found = new ArrayList<>();
        for (String connector : connectors) {
            for (JsonNode task : status(connector).path("tasks")) {
                if (workerId.equals(task.path("worker_id").asString())) {
                    found.add(connector + "#" + task.path("id").asInt());
                }
            }
        }
        return found;
    }

    /** Each connector's status, or why it could not be read: for an assertion's description. */
    String statuses(String... connectors) {
        StringBuilder statuses = new StringBuilder();
        for (String connector : connectors) {
            try {
                statuses.append(status(connector)).append('\n');
            }
            catch (RuntimeException ex) {
                statuses.append(connector).append(": ").append(ex.getMessage()).append('\n');
            }
        }
        return statuses.toString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
