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
    private final HttpClient http = HttpClient.newHttpClient();

    public AdminClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
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
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
