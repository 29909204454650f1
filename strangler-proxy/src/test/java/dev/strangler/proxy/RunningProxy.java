package dev.strangler.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.strangler.proxy.admin.AdminServer;

/**
 * The real proxy application, started in-process on random traffic and admin ports with its state under a given
 * folder, plus a plain JDK HTTP client to talk to both ports.
 */
public final class RunningProxy implements AutoCloseable {

    public static final String TOKEN = "test-admin-token-0123456789-abcdefgh";

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final ConfigurableApplicationContext context;

    private final int trafficPort;

    private final int adminPort;

    private RunningProxy(ConfigurableApplicationContext context) {
        this.context = context;
        this.trafficPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.adminPort = context.getBean(AdminServer.class).port();
    }

    /** The sample shop's rules file: the proxy has no default, so the tests name it as a user would. */
    public static final String SHOP_RULES = "classpath:rules/sample-shop.yaml";

    /** Starts the proxy with the sample shop rules, the given backends and any further properties. */
    public static RunningProxy start(Path home, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("STRANGLER_RULES", SHOP_RULES);
        all.put("server.port", "0");
        all.put("strangler.proxy.admin.port", "0");
        all.put("strangler.home", home.toString());
        all.put("strangler.proxy.admin.token", TOKEN);
        all.put("logging.level.root", "WARN");
        all.put("logging.level.dev.strangler", "INFO");
        all.putAll(properties);
        String[] args = all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new RunningProxy(new SpringApplicationBuilder(StranglerProxyApplication.class).run(args));
    }

    /** Properties pointing the sample shop's three backends at test backends. */
    public static Map<String, String> backends(TestBackend monolith, TestBackend customers, TestBackend orders) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("strangler.proxy.backends[monolith]", monolith.url());
        properties.put("strangler.proxy.backends[customer-service]", customers.url());
        properties.put("strangler.proxy.backends[order-service]", orders.url());
        return properties;
    }

    public ConfigurableApplicationContext context() {
        return this.context;
    }

    public int trafficPort() {
        return this.trafficPort;
    }

    public int adminPort() {
        return this.adminPort;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(traffic(path)).GET(), headers);
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = (body == null) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(HttpRequest.newBuilder(traffic(path)).method(method, publisher), headers);
    }

    /** An admin call with the test token. */
    public HttpResponse<String> admin(String method, String path, String body, String... headers) {
        String[] withToken = new String[headers.length + 2];
        withToken[0] = "Authorization";
        withToken[1] = "Bearer " + TOKEN;
        System.arraycopy(headers, 0, withToken, 2, headers.length);
        return adminWithoutToken(method, path, body, withToken);
    }

    public HttpResponse<String> adminWithoutToken(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = (body == null) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.adminPort + path))
            .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, headers);
    }

    /** Switches a rule through the admin API, failing the test if the switch is refused. */
    public void switchRule(String id, String mode, int percent) {
        HttpResponse<String> response = admin("PUT", "/admin/routes/" + id,
                "{\"mode\":\"" + mode + "\",\"percent\":" + percent + ",\"reason\":\"test switches " + id + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Switching " + id + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    private URI traffic(String path) {
        return URI.create("http://127.0.0.1:" + this.trafficPort + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        this.context.close();
    }

}
