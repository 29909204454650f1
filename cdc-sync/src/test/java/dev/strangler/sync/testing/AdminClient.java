package dev.strangler.sync.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;

/** Calls the running app's admin API on 127.0.0.1 with its bearer token, as the plan runner or curl would. */
public final class AdminClient {

    /** The admin token the app tests configure: long enough for the engine's minimum length. */
    public static final String TOKEN = "cdc-sync-admin-token-for-tests-0123456789";

    private final int port;
    private final String token;
    private final @Nullable String actor;
    private final HttpClient http = HttpClient.newHttpClient();

    public AdminClient(int port, String token) {
        this(port, token, null);
    }

    private AdminClient(int port, String token, @Nullable String actor) {
        this.port = port;
        this.token = token;
        this.actor = actor;
    }

    /** The same client, naming {@code actor} as who asks (the audit log's actor). */
    public AdminClient as(String actor) {
        return new AdminClient(port, token, actor);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    /** A POST with {@code json} as its body, or with none at all when it is null. */
    public HttpResponse<String> post(String path, @Nullable String json) throws Exception {
        return send(json == null ? HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody())
                : HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    /** A POST without a token or a body: what anyone on the machine could send. */
    public HttpResponse<String> postAnonymously(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    /** Without a token: what anyone on the machine sees (health). */
    public HttpResponse<String> getAnonymously(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), null);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, @Nullable String bearer) throws Exception {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (actor != null) {
            request.header("X-Strangler-Actor", actor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
