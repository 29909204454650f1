package dev.strangler.plans.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.strangler.plans.admin.AdminTokens;
import java.time.Duration;

/** Asks an app whether it is ready: a 2xx from its health URL within two seconds. */
final class HealthProbe {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final AdminTokens tokens;

    HealthProbe(AdminTokens tokens) {
        this.tokens = tokens;
    }

    boolean isReady(Component component) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(component.healthUrl()))
                    .timeout(Duration.ofSeconds(2)).GET();
            if (component.adminToken() != null) {
                tokens.of(component.adminToken()).ifPresent(token -> request.header("Authorization", "Bearer " + token));
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
