package dev.strangler.plans.console;

import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.runner.AdminApiStub;
import dev.strangler.plans.runner.PlanStates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * One console over real HTTP for every test class that extends this (Spring starts it once and shares it): the real
 * runner behind it and a JDK HttpServer stub of the engines' admin APIs in front of that, a fresh stub on the same
 * port for each test, and no plan state at the start of each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ConsoleOverHttp {

    protected static final Path PLANS = Path.of("../plans");
    protected static final MigrationPlan CUSTOMERS = new PlanFiles().load(PLANS.resolve("customers.yaml"));
    protected static final String TOKEN = "plan-api-token-for-tests-0123456789";
    protected static final String[] RULES = {"customers-read", "customers-write", "orders-read", "orders-write"};
    protected static final Path HOME;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    protected static AdminApiStub engines;

    static {
        try {
            HOME = Files.createTempDirectory("plan-console-tests");
            // The engines' tokens where strangler up's engines keep them; the stub expects this one.
            for (String engine : List.of("proxy", "cdc-sync")) {
                Files.createDirectories(HOME.resolve(engine));
                Files.writeString(HOME.resolve(engine).resolve("admin-token"), "secret");
            }
            engines = new AdminApiStub(RULES);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @DynamicPropertySource
    static void console(DynamicPropertyRegistry properties) {
        properties.add("STRANGLER_ADMIN_TOKEN", () -> TOKEN);
        properties.add("strangler.console.home", HOME::toString);
        properties.add("strangler.console.plans", () -> PLANS.toAbsolutePath().toString());
        properties.add("strangler.console.proxy-admin-url", () -> engines.url().toString());
        properties.add("strangler.console.sync-admin-url", () -> engines.url().toString());
        // The dashboard's charts sample every second, so that a test sees several samples soon.
        properties.add("strangler.console.dashboard.sample-every", () -> "1s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected PlanStates states;

    @BeforeEach
    void noPlanState() throws IOException {
        FileSystemUtils.deleteRecursively(states.directory());
        Files.createDirectories(states.directory());
    }

    @AfterEach
    void enginesAnswerAgain() throws IOException {
        URI url = engines.url();
        engines.close();
        engines = new AdminApiStub(url.getPort(), RULES);
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
