package dev.strangler.plans.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An OTLP/HTTP trace receiver in the test's JVM: the apps of a stack export their spans here when started with
 * {@link #exportOptions()} (export switched on by configuration alone, as the docs promise), and a test asks which
 * apps exported spans of a trace. Nothing is decoded: each OTLP request comes from one process and so holds one
 * resource, and a trace id is written as its 16 raw bytes. Only the exports that hold the one trace watched are kept: a
 * stack that runs for minutes exports every request's spans.
 */
public final class SpanCollector implements AutoCloseable {

    private final HttpServer server;
    private final byte[] traceId;
    private final ConcurrentLinkedQueue<byte[]> exports = new ConcurrentLinkedQueue<>();

    private SpanCollector(HttpServer server, String traceId) {
        this.server = server;
        this.traceId = HexFormat.of().parseHex(traceId);
    }

    /** Starts a collector that keeps the exports holding spans of {@code traceId} (32 hex digits). */
    public static SpanCollector start(String traceId) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        SpanCollector collector = new SpanCollector(server, traceId);
        server.createContext("/v1/traces", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] export = body.readAllBytes();
                if (indexOf(export, collector.traceId) >= 0) {
                    collector.exports.add(export);
                }
                // An empty ExportTraceServiceResponse: everything accepted.
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        return collector;
    }

    /**
     * The apps' JVM options: export to this collector, and a line logged within each request ("Completed 201
     * CREATED") by the servlet apps' dispatcher and the proxy's WebFlux handler, so that the trace id shows in logs.
     */
    public List<String> exportOptions() {
        return List.of("-Dmanagement.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                        + server.getAddress().getPort() + "/v1/traces",
                "-Dmanagement.opentelemetry.tracing.export.schedule-delay=500ms",
                "-Dlogging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG",
                "-Dlogging.level.org.springframework.web.server.adapter.HttpWebHandlerAdapter=DEBUG");
    }

    /** The apps ({@code service.name}) among {@code apps} that exported spans of the watched trace. */
    public List<String> appsThatExported(List<String> apps) {
        return exports.stream().flatMap(body -> apps.stream()
                        .filter(app -> indexOf(body, app.getBytes(StandardCharsets.UTF_8)) >= 0))
                .distinct().toList();
    }

    @Override
    public void close() {
        server.stop(0);
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
}
