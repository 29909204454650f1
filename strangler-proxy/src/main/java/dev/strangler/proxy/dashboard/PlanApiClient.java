package dev.strangler.proxy.dashboard;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import dev.strangler.proxy.routing.Problems;

/**
 * The migration plans, read and moved server-side through the plan admin API ({@code strangler plan serve}) with
 * its own token, which the browser never sees. The proxy does not depend on the plan runner's classes: it relays
 * the plan API's JSON (the page renders it with {@code textContent} only) and says plainly when the plans are not
 * connected, cannot be reached or answer something else.
 */
final class PlanApiClient {

    /** What the plan API answered to a move: its status and its JSON (a result or a problem document). */
    record Answer(int status, String json, boolean problem) {
    }

    private final DashboardSettings.Plans settings;

    private final Path tokenFile;

    private final JsonMapper json;

    private final HttpClient http;

    PlanApiClient(DashboardSettings.Plans settings, Path tokenFile, JsonMapper json) {
        this.settings = settings;
        this.tokenFile = tokenFile;
        this.json = json;
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    /** Every plan with its phases, where it stands and its current gates, or why they cannot be shown. */
    Mono<Map<String, Object>> read() {
        URI base = this.settings.url();
        if (base == null) {
            return Mono.just(notConnected("plans are not connected: set strangler.proxy.dashboard.plans.url to the "
                    + "plan API (strangler plan serve; strangler up starts it)"));
        }
        return token().flatMap((token) -> {
            if (token.isEmpty()) {
                return Mono.just(notConnected("no plan API token: set STRANGLER_ADMIN_TOKEN or start the plan API, "
                        + "which writes one to " + this.tokenFile));
            }
            HttpRequest request = request(base, "plans", token, this.settings.timeout()).GET().build();
            return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()), true)
                .map(this::interpret)
                .onErrorResume((ex) -> Mono.just(notConnected(describe(ex))));
        });
    }

    /**
     * Advances or rolls back a plan as {@code actor}. The body is the dashboard's own, already validated; the plan
     * API checks it again and decides (gates, audit).
     */
    Mono<Answer> move(String plan, String action, Map<String, Object> body, String actor) {
        URI base = this.settings.url();
        if (base == null) {
            return Mono.just(problem(HttpStatus.SERVICE_UNAVAILABLE, "Plans are not connected: set "
                    + "strangler.proxy.dashboard.plans.url to the plan API"));
        }
        return token().flatMap((token) -> {
            if (token.isEmpty()) {
                return Mono.just(problem(HttpStatus.SERVICE_UNAVAILABLE, "No plan API token: set "
                        + "STRANGLER_ADMIN_TOKEN or start the plan API, which writes one to " + this.tokenFile));
            }
            HttpRequest request = request(base, "plans/" + plan + "/" + action, token, this.settings.moveTimeout())
                .header("Content-Type", "application/json")
                .header(Dashboard.ACTOR_HEADER, actor)
                .POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)))
                .build();
            return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()), true)
                .map(this::relay)
                .onErrorResume((ex) -> Mono.just(problem(HttpStatus.BAD_GATEWAY, describe(ex)
                        + "; whether the move happened is in the plan API's audit log")));
        });
    }

    private Mono<String> token() {
        return Mono.fromCallable(() -> {
            if (!this.settings.token().isBlank()) {
                return this.settings.token().strip();
            }
            return Files.isReadable(this.tokenFile) ? Files.readString(this.tokenFile, StandardCharsets.UTF_8).strip()
                    : "";
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static HttpRequest.Builder request(URI base, String path, String token, Duration timeout) {
        String root = base.toString();
        return HttpRequest.newBuilder(URI.create(root.endsWith("/") ? root + path : root + "/" + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    }

    private Map<String, Object> interpret(HttpResponse<String> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return notConnected("the plan API refused the dashboard's token (HTTP " + response.statusCode() + ")");
        }
        JsonNode root = parse(response.body());
        if (response.statusCode() != 200) {
            String detail = (root != null) ? root.path("detail").asString("") : "";
            return notConnected("the plan API answered HTTP " + response.statusCode()
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (root == null || !root.isArray()) {
            return notConnected("the plan API answered something that is not a list of plans");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("connected", true);
        view.put("url", String.valueOf(this.settings.url()));
        view.put("plans", root);
        return view;
    }

    private Answer relay(HttpResponse<String> response) {
        JsonNode root = parse(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return problem(HttpStatus.BAD_GATEWAY, "The plan API refused the dashboard's token (HTTP "
                    + response.statusCode() + ")");
        }
        if (root == null || !root.isObject()) {
            return problem(HttpStatus.BAD_GATEWAY, "The plan API answered HTTP " + response.statusCode()
                    + " with something that is not JSON");
        }
        return new Answer(response.statusCode(), root.toString(), response.statusCode() >= 400);
    }

    private @Nullable JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : this.json.readTree(body);
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    private static Answer problem(HttpStatus status, String detail) {
        return new Answer(status.value(), new String(Problems.bytes(status, detail, Map.of()), StandardCharsets.UTF_8),
                true);
    }

    private Map<String, Object> notConnected(String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("connected", false);
        view.put("url", (this.settings.url() != null) ? this.settings.url().toString() : null);
        view.put("reason", reason);
        return view;
    }

    private static String describe(Throwable failure) {
        Throwable ex = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
                : failure;
        if (ex instanceof HttpTimeoutException) {
            return "the plan API did not answer in time";
        }
        if (ex instanceof ConnectException) {
            return "the plan API could not be reached (connection refused)";
        }
        return "the plan API could not be reached (" + ex.getClass().getSimpleName() + ")";
    }

}
