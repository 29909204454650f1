package dev.strangler.plans.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackFile;
import dev.strangler.plans.stack.StackLayout;
import dev.strangler.plans.stack.TestStacks;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace crosses the processes of the real stack (the apps' and the proxy's jars, one embedded PostgreSQL): a
 * client's {@code traceparent} on an order placed through the proxy, with orders-write served by order-service,
 * reaches order-service and, through the placement saga's stock and payment calls, the monolith.
 *
 * <p>Two observables, both from outside the apps: each app's spans, exported over OTLP to a receiver in this test
 * (export switched on by configuration alone, as the docs promise), and each app's log file, whose request lines
 * carry the trace id. Built alone, without the apps' jars, the test says which jar is missing and is skipped.
 */
class TraceAcrossTheStackIntegrationTests {

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    static final int PORT_OFFSET = 23_000;

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";
    private static final Pattern CUSTOMER_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static HttpServer collector;
    static final ConcurrentLinkedQueue<byte[]> exports = new ConcurrentLinkedQueue<>();
    static Stack stack;
    static StringWriter progress = new StringWriter();

    @BeforeAll
    static void startTheStackExportingToACollector() throws IOException {
        Path home = Path.of("target/tracing-home").toAbsolutePath();
        // cdc-sync and the plan console play no part in one request's trace: this stack runs without them, as a
        // stack file without 'pipelines:' and 'plans:' does (two JVM start-ups fewer).
        StackFile shop = StackFile.read(TestStacks.SHOP);
        StackLayout layout = StackLayout.of(new StackFile(shop.file(), shop.name(), shop.home(), shop.postgres(),
                shop.monolith(), shop.services(), shop.engines(), shop.rules(), null, null), REPOSITORY, home,
                PORT_OFFSET);
        for (Component component : layout.components()) {
            assumeTrue(component.jar() != null && Files.isRegularFile(component.jar()), () -> component.jar()
                    + " is not built: run the whole reactor (./mvnw verify) for the end-to-end tracing test");
        }
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                exports.add(body.readAllBytes());
                // An empty ExportTraceServiceResponse: everything accepted.
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        stack = new Stack(layout, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                // Exporting is configuration only: the collector's endpoint, nothing else.
                "-Dmanagement.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                        + collector.getAddress().getPort() + "/v1/traces",
                "-Dmanagement.opentelemetry.tracing.export.schedule-delay=500ms",
                // A line logged within each request ("Completed 201 CREATED"): the servlet apps' dispatcher, the
                // proxy's WebFlux handler.
                "-Dlogging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG",
                "-Dlogging.level.org.springframework.web.server.adapter.HttpWebHandlerAdapter=DEBUG",
                // order-service numbers its orders from 1 and pays with reference order-<id>; seeded orders in the
                // monolith would already hold those references (the orders plan syncs them; this test does not).
                "-Dshop.seed.orders=0"),
                new Console(new PrintWriter(progress, true), new PrintWriter(progress, true)));
        stack.down();
        deleteRecursively(home);
        assertThat(stack.up()).as("components that did not start; progress:%n%s", progress).isEmpty();
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.down();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void oneTraceIdCrossesProxyOrderServiceAndMonolithOnAnOrderPlacement() throws Exception {
        StackLayout layout = stack.layout();
        String token = new AdminTokens(layout.home()).of(AdminTokens.Engine.PROXY).orElseThrow();
        new AdminClient(layout.proxyAdminUrl(), token).put("admin/routes/orders-write",
                Map.of("mode", "SERVICE", "percent", 0, "reason", "tracing test places orders on order-service"),
                "tracing-test");
        long customer = createCustomerOnCustomerService(layout);

        HttpResponse<String> placed = send(HttpRequest.newBuilder(layout.proxyUrl().resolve("api/orders"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":" + customer
                        + ",\"lines\":[{\"sku\":\"SKU-00001\",\"quantity\":1}],\"payment\":{\"method\":\"INVOICE\"}}")));

        assertThat(placed.statusCode()).as("placing the order: %s", placed.body()).isEqualTo(201);
        assertThat(placed.headers().firstValue("X-Strangler-Target")).hasValue("order-service");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(appsThatExported(TRACE_ID))
                .contains("strangler-proxy", "order-service", "legacy-monolith"));
        for (String app : List.of("strangler-proxy", "order-service", "legacy-monolith")) {
            // Logs are named as the stack file names the apps: the shop's legacy-monolith is its "monolith".
            Path log = layout.logs().resolve(("legacy-monolith".equals(app) ? "monolith" : app) + ".log");
            assertThat(Files.readString(log)).as("%s carries the trace id in its log lines", log).contains(TRACE_ID);
        }
    }

    private static long createCustomerOnCustomerService(StackLayout layout) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(layout.serviceUrl("customer-service")
                .resolve("api/customers")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"firstName\":\"Ada\",\"lastName\":\"Tracer\",\"email\":\"ada.tracer@example.com\"}")));
        assertThat(created.statusCode()).as("creating a customer: %s", created.body()).isEqualTo(201);
        Matcher id = CUSTOMER_ID.matcher(created.body());
        assertThat(id.find()).as("a customer id in %s", created.body()).isTrue();
        return Long.parseLong(id.group(1));
    }

    /**
     * The apps ({@code service.name}) whose exported spans belong to the trace. Each OTLP request comes from one
     * process and so holds one resource; the trace id is written as its 16 raw bytes.
     */
    private static List<String> appsThatExported(String traceId) {
        byte[] id = HexFormat.of().parseHex(traceId);
        return exports.stream().filter(body -> indexOf(body, id) >= 0)
                .flatMap(body -> List.of("strangler-proxy", "order-service", "legacy-monolith", "customer-service")
                        .stream().filter(app -> indexOf(body, app.getBytes(StandardCharsets.UTF_8)) >= 0))
                .distinct().toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
