package dev.strangler.bench.proxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real proxy jar in a JVM of its own, so that its CPU time can be read from the process (and the load
 * generator's does not count). Its state and logs live in a scratch directory.
 */
final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ProxyProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the proxy with {@code rules} and waits until {@code readyPath} answers through it. */
    static ProxyProcess start(Path jar, Path rules, Path home, String readyPath) throws Exception {
        int port = freePort();
        int admin = freePort();
        Path log = home.resolve("proxy.log");
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBin(), "-Xms256m", "-Xmx512m", "-jar",
                jar.toString(), "--server.port=" + port, "--strangler.proxy.admin.port=" + admin,
                "--strangler.home=" + home, "--logging.level.root=WARN"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("STRANGLER_RULES", "file:" + rules.toAbsolutePath());
        builder.environment().put("STRANGLER_ADMIN_TOKEN", "bench-" + java.util.UUID.randomUUID());
        ProxyProcess proxy = new ProxyProcess(builder.start(), port, log);
        proxy.awaitReady(readyPath, Duration.ofSeconds(120));
        return proxy;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** CPU time (user + system) the proxy JVM has used since it started. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9)
                .orElseThrow(() -> new IllegalStateException("the OS does not report the proxy's CPU time"));
    }

    private void awaitReady(String path, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the proxy exited during start-up; its log: " + log + "\n"
                        + tail());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the proxy did not answer within " + timeout + "; its log: " + log);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
