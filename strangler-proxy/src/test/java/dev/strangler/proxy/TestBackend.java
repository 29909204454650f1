package dev.strangler.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small real HTTP backend on a random port that says who it is ({@code X-Backend} header and a JSON body) and
 * records every request it receives. It can be told to fail, to hang, or be stopped outright.
 */
public final class TestBackend implements AutoCloseable {

    /** One request as the backend saw it. */
    public record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            String body) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return String.join(", ", entry.getValue());
                }
            }
            return null;
        }

    }

    /** How the backend answers. */
    @FunctionalInterface
    public interface Answer {

        void answer(HttpExchange exchange, String backend, String body) throws IOException;

    }

    private final String name;

    private final HttpServer server;

    private final ExecutorService executor;

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private final CountDownLatch released = new CountDownLatch(1);

    private final AtomicBoolean stopped = new AtomicBoolean();

    private volatile Answer answer = TestBackend::identify;

    private TestBackend(String name) {
        this.name = name;
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.executor = Executors.newFixedThreadPool(16);
        this.server.setExecutor(this.executor);
        this.server.createContext("/", (exchange) -> {
            try (exchange) {
                exchange.setAttribute("backend", this.name);
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
                this.answer.answer(exchange, this.name, body);
            }
        });
        this.server.start();
    }

    public static TestBackend start(String name) {
        return new TestBackend(name);
    }

    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    public String name() {
        return this.name;
    }

    public List<Received> received() {
        return List.copyOf(this.received);
    }

    public void forget() {
        this.received.clear();
    }

    public void answerWith(Answer answer) {
        this.answer = answer;
    }

    /** Answers every request with the given status and a JSON body. */
    public void answerStatus(int status) {
        this.answer = (exchange, backend, body) -> respond(exchange, status, "application/json",
                "{\"backend\":\"" + backend + "\",\"error\":true}");
    }

    /** Holds every response until the backend is closed: a service that accepts but never answers. */
    public void hang() {
        this.answer = (exchange, backend, body) -> {
            try {
                this.released.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
    }

    public static void identify(HttpExchange exchange, String backend, String body) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        respond(exchange, 200, "application/json",
                "{\"backend\":\"" + backend + "\",\"path\":\"" + path + "\",\"method\":\"" + exchange.getRequestMethod()
                        + "\"}");
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Backend", backendOf(exchange));
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String backendOf(HttpExchange exchange) {
        Object name = exchange.getAttribute("backend");
        return (name != null) ? name.toString() : "";
    }

    /** Stops accepting connections: from now on the backend is unreachable. */
    public void stop() {
        if (this.stopped.getAndSet(true)) {
            return;
        }
        this.released.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

}
