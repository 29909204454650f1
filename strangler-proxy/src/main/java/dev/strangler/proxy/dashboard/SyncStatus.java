package dev.strangler.proxy.dashboard;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each sync pipeline's direction, state, lag, stray writes and retained WAL, read server-side from cdc-sync's admin API with cdc-sync's token
 * (the browser never sees that token). The proxy does not depend on cdc-sync: it reads a handful of named fields
 * from its JSON and says plainly when cdc-sync cannot be reached or answers something else.
 */
final class SyncStatus {

    private static final List<String> FIELDS = List.of("state", "direction", "lagMillis", "lastError");

    private static final int STRAY_WRITES_SHOWN = 5;

    private final DashboardSettings.CdcSync settings;

    private final Path tokenFile;

    private final JsonMapper json;

    private final HttpClient http;

    SyncStatus(DashboardSettings.CdcSync settings, Path tokenFile, JsonMapper json) {
        this.settings = settings;
        this.tokenFile = tokenFile;
        this.json = json;
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    Mono<Map<String, Object>> read() {
        return Mono.fromCallable(this::token).subscribeOn(Schedulers.boundedElastic()).flatMap((token) -> {
            if (token.isEmpty()) {
                return Mono.just(unreachable("no cdc-sync token: set STRANGLER_ADMIN_TOKEN or start cdc-sync, which "
                        + "writes one to " + this.tokenFile));
            }
            HttpRequest request = HttpRequest.newBuilder(pipelinesUri())
                .timeout(this.settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build();
            return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()), true)
                .map(this::interpret)
                .onErrorResume((ex) -> Mono.just(unreachable(describe(ex))));
        });
    }

    private URI pipelinesUri() {
        String base = this.settings.url().toString();
        return URI.create(base.endsWith("/") ? base + "pipelines" : base + "/pipelines");
    }

    private String token() throws IOException {
        if (!this.settings.token().isBlank()) {
            return this.settings.token().strip();
        }
        return Files.isReadable(this.tokenFile) ? Files.readString(this.tokenFile, StandardCharsets.UTF_8).strip() : "";
    }

    private Map<String, Object> interpret(HttpResponse<String> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return unreachable("cdc-sync refused the dashboard's token (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() != 200) {
            return unreachable("cdc-sync answered HTTP " + response.statusCode());
        }
        JsonNode root;
        try {
            root = this.json.readTree(response.body());
        }
        catch (JacksonException ex) {
            return unreachable("cdc-sync answered something that is not JSON");
        }
        if (root == null || !root.isArray()) {
            return unreachable("cdc-sync answered JSON that is not a list of pipelines");
        }
        List<Map<String, Object>> pipelines = new ArrayList<>();
        for (JsonNode node : root) {
            Map<String, Object> pipeline = new LinkedHashMap<>();
            pipeline.put("name", text(node.has("name") ? node.get("name") : node.get("pipeline")));
            for (String field : FIELDS) {
                JsonNode value = node.get(field);
                pipeline.put(field, (value == null || value.isNull()) ? null
                        : value.isNumber() ? value.numberValue() : text(value));
            }
            // After cutover: writes the monolith still makes on handed-over tables, and WAL the slots hold back.
            JsonNode stray = node.get("strayWrites");
            if (stray != null && stray.isObject()) {
                pipeline.put("strayWrites", strayWrites(stray));
            }
            long retained = -1;
            JsonNode slots = node.get("slots");
            if (slots != null && slots.isArray()) {
                for (JsonNode slot : slots) {
                    retained = Math.max(retained, slot.path("retainedWalBytes").asLong(-1));
                }
            }
            pipeline.put("retainedWalBytes", (retained < 0) ? null : retained);
            pipelines.add(pipeline);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reachable", true);
        view.put("url", this.settings.url().toString());
        view.put("pipelines", pipelines);
        return view;
    }

    /**
     * cdc-sync's stray writes of a pipeline (writes to its shared tables by anything but the reverse sync), when this
     * cdc-sync watches for them: the count and the latest few, one line each.
     */
    private static Map<String, Object> strayWrites(JsonNode stray) {
        List<String> last = new ArrayList<>();
        for (JsonNode write : stray.path("last")) {
            if (last.size() == STRAY_WRITES_SHOWN) {
                break;
            }
            last.add(write.path("operation").asString() + " " + write.path("table").asString() + " "
                    + write.path("key") + " at " + write.path("commitTime").asString() + " (tx "
                    + write.path("txId").asString() + ")");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("count", stray.path("count").asLong());
        // Not replayed yet: what still needs a person (count is every stray write ever recorded).
        view.put("unresolved", stray.has("unresolved") ? stray.get("unresolved").asLong() : null);
        view.put("last", last);
        return view;
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private Map<String, Object> unreachable(String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reachable", false);
        view.put("url", this.settings.url().toString());
        view.put("reason", reason);
        return view;
    }

    private static String describe(Throwable failure) {
        Throwable ex = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
                : failure;
        if (ex instanceof HttpTimeoutException) {
            return "cdc-sync did not answer in time";
        }
        if (ex instanceof ConnectException) {
            return "cdc-sync could not be reached (connection refused)";
        }
        return "cdc-sync could not be reached (" + ex.getClass().getSimpleName() + ")";
    }

}
