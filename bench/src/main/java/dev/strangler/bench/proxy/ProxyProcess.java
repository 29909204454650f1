package dev.strangler.bench.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A proxy under test in a process of its own, so that its CPU time can be read from the process (and the load
 * generator's does not count): the real proxy jar, the bare Spring Cloud Gateway peer, or nginx. Its state and logs
 * live in a scratch directory.
 * <p>
 * With the environment variable {@code BENCH_JFR_DIR} set, both JVMs record a Java Flight Recording (profile
 * settings) into that directory, to see where their CPU goes.
 */
final class ProxyProcess implements AutoCloseable {

    /** The JVM flags of both gateways (the kit's and the bare one), so that they differ only in what they run. */
    private static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx512m");

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private boolean paused;

    private ProxyProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the proxy with {@code rules} and waits until {@code readyPath} answers through it.
     * @param name names its log, its state directory and its flight recording
     * @param settings more {@code --key=value} settings (none for the proxy as shipped); JVM options
     *        ({@code -Dkey=value}, {@code -X…}) go before {@code -jar}
     */
    static ProxyProcess start(String name, Path jar, Path rules, Path scratch, String readyPath, String... settings)
            throws Exception {
        int port = freePort();
        int admin = freePort();
        Path home = scratch.resolve(name);
        List<String> jvmOptions = Stream.of(settings).filter(s -> !s.startsWith("--")).toList();
        List<String> command = java(jar, name, home, jvmOptions);
        command.addAll(List.of("--server.port=" + port, "--strangler.proxy.admin.port=" + admin,
                "--strangler.home=" + home, "--logging.level.root=WARN"));
        Stream.of(settings).filter(s -> s.startsWith("--")).forEach(command::add);
        return start(name, command, Map.of("STRANGLER_RULES", "file:" + rules.toAbsolutePath(),
                "STRANGLER_ADMIN_TOKEN", "bench-" + java.util.UUID.randomUUID()), port, scratch, readyPath);
    }

    /** Starts the bare Spring Cloud Gateway peer in front of {@code backend}. */
    static ProxyProcess bareGateway(Path jar, String backend, Path home, String readyPath) throws Exception {
        int port = freePort();
        List<String> command = java(jar, "bare-gateway", home, List.of());
        command.addAll(List.of("--server.port=" + port, "--bench.backend=" + backend, "--logging.level.root=WARN"));
        return start("bare-gateway", command, Map.of(), port, home, readyPath);
    }

    /**
     * Starts nginx as a reverse proxy in front of {@code backend} (host:port): one worker per core, keep-alive
     * connections to the backend as a production configuration would have, client connections kept as long as the
     * gateways keep them, no access log (the gateways keep none).
     */
    static ProxyProcess nginx(Path nginx, String backendHostPort, Path home, String readyPath) throws Exception {
        int port = freePort();
        Path prefix = home.resolve("nginx");
        Files.createDirectories(prefix.resolve("temp"));
        String conf = """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    # The load generator keeps its connections for the whole run: nginx must not close one that
                    # has served its 1,000 requests or idled (say, while stopped for another gateway's turn), or
                    # the next request on it fails as a premature close.
                    keepalive_timeout 1h;
                    keepalive_requests 100000000;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    upstream backend { server %2$s; keepalive 64; }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://backend;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(prefix.toAbsolutePath(), backendHostPort, port);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        List<String> command = List.of(nginx.toString(), "-e", prefix.resolve("error.log").toString(), "-p",
                prefix.toString(), "-c", file.toAbsolutePath().toString());
        return start("nginx", command, Map.of(), port, home, readyPath);
    }

    /** Debian's nginx, if it is installed. */
    static Optional<Path> nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static List<String> java(Path jar, String name, Path home, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(JVM_FLAGS);
        command.addAll(jvmOptions);
        // BENCH_PROXY_JVM_OPTIONS: more JVM options for every gateway JVM (say, -XX:+PrintCompilation, whose lines
        // land in each gateway's log), to see what the JIT does in each of them.
        String extra = System.getenv("BENCH_PROXY_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        String jfr = System.getenv("BENCH_JFR_DIR");
        if (jfr != null && !jfr.isBlank()) {
            Path recordings = Path.of(jfr).toAbsolutePath();
            try {
                // The JVM does not create it, and refuses to start without it.
                Files.createDirectories(recordings);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("BENCH_JFR_DIR " + recordings + ": " + ex.getMessage(), ex);
            }
            // Stacks of up to 256 frames (64 by default): a request's stack through Reactor is often deeper, and a
            // cut stack lands at the bottom of a flame graph apart from its callers.
            command.add("-XX:FlightRecorderOptions=stackdepth=256");
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + recordings.resolve(name + ".jfr"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private static ProxyProcess start(String name, List<String> command, Map<String, String> environment, int port,
            Path home, String readyPath) throws Exception {
        Path log = home.resolve(name + ".log");
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        ProxyProcess proxy = new ProxyProcess(name, builder.start(), port, log);
        try {
            // Generous: on a loaded machine a Spring Boot gateway can take minutes to start (a bisection starts a
            // dozen at once).
            proxy.awaitReady(readyPath, Duration.ofSeconds(600));
        }
        catch (Exception | Error failure) {
            proxy.close();
            throw failure;
        }
        return proxy;
    }

    String name() {
        return name;
    }

    /** Milliseconds since the process started (the time base of the JIT's own log lines). */
    long uptimeMillis() {
        return process.toHandle().info().startInstant()
                .map(start -> java.time.Instant.now().toEpochMilli() - start.toEpochMilli()).orElse(-1L);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** CPU time (user + system) the process and its children (nginx's workers) have used since it started. */
    double cpuSeconds() {
        double seconds = cpuSeconds(process.toHandle());
        for (ProcessHandle child : process.descendants().toList()) {
            seconds += cpuSeconds(child);
        }
        return seconds;
    }

    /**
     * Stops the process and its children (SIGSTOP) until {@link #resume()}: a gateway that is not being measured
     * must not take the cores from the one that is. An idle JVM is not idle: its JIT and GC threads catch up on
     * its last run, timers fire, a shadow copy finishes; on two cores that cost the next JVM measured 20–35% (an
     * A/A run, the same jar in two JVMs, showed it).
     */
    void pause() throws IOException, InterruptedException {
        if (!paused) {
            signal("STOP");
            paused = true;
        }
    }

    /** Lets a {@link #pause() paused} process run again (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited (status " + process.exitValue() + ") before SIG" + signal
                    + "; its log: " + log + "\n" + tail());
        }
        List<String> children = process.descendants().map(child -> Long.toString(child.pid())).toList();
        kill(signal, List.of(Long.toString(process.pid())), true);
        // A JVM's children come and go (a child that exited between listing and signalling is not an error).
        if (!children.isEmpty()) {
            kill(signal, children, false);
        }
    }

    private void kill(String signal, List<String> pids, boolean mustReachAll) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (kill.waitFor() != 0 && mustReachAll) {
            throw new IllegalStateException("could not send SIG" + signal + " to " + name + ": " + output);
        }
    }

    /**
     * Waits until the process uses less than a twentieth of a core (over a quarter of a second), at most {@code
     * limit}: after a run a gateway still compiles, collects garbage and finishes shadow copies, work that belongs
     * to that run (and to its CPU time) rather than to whatever runs next.
     */
    void awaitQuiet(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double before = cpuSeconds();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            double now = cpuSeconds();
            if (now - before < 0.05 * 0.25) {
                return;
            }
            before = now;
        }
    }

    private double cpuSeconds(ProcessHandle handle) {
        return handle.info().totalCpuDuration().map(d -> d.toNanos() / 1e9)
                .orElseThrow(() -> new IllegalStateException("the OS does not report " + name + "'s CPU time"));
    }

    private void awaitReady(String path, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; its log: " + log + "\n" + tail());
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
        throw new IllegalStateException(name + " did not answer within " + timeout + "; its log: " + log);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            // A stopped process would hold the termination signal until it runs again.
            resume();
        }
        catch (IOException | RuntimeException ignored) {
            // destroyForcibly below still ends it
        }
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        // nginx's workers leave with their master; this only matters if the master was killed hard.
        children.forEach(ProcessHandle::destroy);
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
