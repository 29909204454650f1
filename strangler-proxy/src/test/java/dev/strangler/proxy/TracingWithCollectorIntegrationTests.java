package dev.strangler.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Naming an OTLP collector is all it takes for the proxy to trace as before: server and client spans of the
 * client's trace exported to it, and their timers recorded.
 */
class TracingWithCollectorIntegrationTests {

    private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";

    private static final String CLIENT_SPAN = "b7ad6b7169203331";

    /** Each body an OTLP ExportTraceServiceRequest, as protobuf. */
    private static final ConcurrentLinkedQueue<byte[]> exports = new ConcurrentLinkedQueue<>();

    private static final HttpServer collector = collector();

    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends
        .withProperty("management.opentelemetry.tracing.export.otlp.endpoint",
                "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces")
        .and("management.opentelemetry.tracing.export.schedule-delay", "200ms");

    @AfterAll
    static void stopTheCollector() {
        collector.stop(0);
    }

    @Test
    void reactorRestoresTheObservationOnEveryOperator() {
        // The observations' trace ids reach the log lines of whichever thread a request continues on only so.
        assertThat(stack.proxy().context().getEnvironment().getProperty("spring.reactor.context-propagation"))
            .isEqualTo("auto");
    }

    @Test
    void withACollectorTheGatewaysObservationHeaderFiltersAreOn() {
        // They make the client span of each backend call (its export: the test below).
        assertThat(stack.proxy().context().getBeansOfType(ObservedRequestHttpHeadersFilter.class)).hasSize(1);
    }

    @Test
    void theRequestsSpansAreExportedInTheClientsTrace() {
        stack.proxy().get("/api/orders/1", "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");

        assertThat(stack.monolith().received().get(0).header("traceparent"))
            .matches("00-" + CLIENT_TRACE + "-[0-9a-f]{16}-01");
        byte[] traceId = HexFormat.of().parseHex(CLIENT_TRACE);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exports)
            .anySatisfy((body) -> assertThat(contains(body, traceId)
                    && contains(body, "strangler-proxy".getBytes(StandardCharsets.UTF_8)))
                .as("an export of the proxy's spans in the client's trace").isTrue()));
        MeterRegistry meters = stack.proxy().context().getBean(MeterRegistry.class);
        assertThat(meters.find("http.server.requests").meters()).isNotEmpty();
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/v1/traces", (exchange) -> {
                try (exchange; InputStream body = exchange.getRequestBody()) {
                    exports.add(body.readAllBytes());
                    // An empty ExportTraceServiceResponse: everything accepted.
                    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

}
