package dev.strangler.plans.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.jspecify.annotations.Nullable;

/**
 * One Kafka Connect worker in distributed mode, as {@code connect-distributed.sh} runs it: in this JVM, or in a JVM of
 * its own so that a test can kill it with SIGKILL (no graceful stop of its tasks, producers or consumers). Plugins
 * are found through their service manifests: Debezium's PostgreSQL connector on the class path, cdc-sync's sink on
 * the class path in this JVM and from its plugin zip in the other.
 */
final class ConnectWorker implements AutoCloseable {

    private final String url;
    private @Nullable Connect<?> inProcess;
    private @Nullable Process process;

    private ConnectWorker(String url) {
        this.url = url;
    }

    /** The worker settings of a cluster: timeouts short enough that a lost worker's tasks move within seconds. */
    static Map<String, String> settings(String bootstrapServers, String cluster, int port) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("group.id", cluster);
        settings.put("config.storage.topic", cluster + "-configs");
        settings.put("offset.storage.topic", cluster + "-offsets");
        settings.put("status.storage.topic", cluster + "-status");
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        settings.put("offset.storage.partitions", "1");
        settings.put("status.storage.partitions", "1");
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("listeners", "http://127.0.0.1:" + port);
        settings.put("rest.advertised.host.name", "127.0.0.1");
        settings.put("rest.advertised.port", Integer.toString(port));
        settings.put("plugin.discovery", "service_load");
        // Source offsets (Debezium's) every second; the sink's live in the target and never depend on this.
        settings.put("offset.flush.interval.ms", "1000");
        // A worker that left is given up after 6 s, and its tasks are reassigned 2 s later (default: 5 minutes).
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "1500");
        settings.put("scheduled.rebalance.max.delay.ms", "2000");
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "1500");
        settings.put("task.shutdown.graceful.timeout.ms", "3000");
        return settings;
    }

    static ConnectWorker inProcess(String bootstrapServers, String cluster) {
        int port = freePort();
        ConnectWorker worker = new ConnectWorker("http://127.0.0.1:" + port);
        worker.inProcess = new ConnectDistributed().startConnect(settings(bootstrapServers, cluster, port));
        return worker;
    }

    /**
     * A worker in a JVM of its own that loads cdc-sync's sink only from {@code pluginZip} as an operator installs it:
     * unzipped into a directory on its {@code plugin.path} (an isolated class loader), with cdc-sync's own jars and
     * classes left off its class path.
     */
    static ConnectWorker ownJvm(String bootstrapServers, String cluster, Path directory, Path pluginZip) {
        int port = freePort();
        Path properties = directory.resolve("worker-" + port + ".properties");
        try {
            Path plugins = unzip(pluginZip, directory.resolve("plugins-" + port));
            Map<String, String> settings = settings(bootstrapServers, cluster, port);
            settings.put("plugin.path", plugins.toString());
            Files.writeString(properties, settings.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
            String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                    System.getProperty("java.class.path")).split(File.pathSeparator))
                    .filter(entry -> !entry.contains(File.separator + "cdc-sync" + File.separator))
                    .collect(Collectors.joining(File.pathSeparator));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ConnectWorker worker = new ConnectWorker("http://127.0.0.1:" + port);
            worker.process = new ProcessBuilder(java, "-Xmx384m",
                    // Starts sooner on a busy machine; this worker is killed, never measured.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, ConnectDistributed.class.getName(),
                    properties.toString()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("worker-" + port + ".log").toFile()).start();
            return worker;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The plugin's zip as the build writes it ({@code cdc-sync/connect-plugin}, package phase). */
    static Path pluginZip() {
        Path target = Path.of("../../cdc-sync/connect-plugin/target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("connect-plugin-.*\\.zip")).findFirst()
                    .orElseThrow();
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("No connect-plugin-*.zip in " + target + ": package cdc-sync/connect-plugin "
                    + "first (./mvnw -pl migration-plans/strangler-cli -am verify does)", ex);
        }
    }

    private static Path unzip(Path zip, Path directory) throws IOException {
        try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path file = directory.resolve(entry.getName()).normalize();
                if (!file.startsWith(directory)) {
                    throw new IOException("entry outside the plugin directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                }
                else {
                    Files.createDirectories(file.getParent());
                    Files.copy(entries, file);
                }
            }
        }
        return directory;
    }

    /** The REST API's base URL; also the worker's id in connector status. */
    String url() {
        return url;
    }

    /** The worker's REST API. */
    ConnectRest rest() {
        return new ConnectRest(url);
    }

    /** SIGKILL: the worker's tasks stop mid-batch, nothing is closed. */
    void kill() {
        if (process == null) {
            throw new IllegalStateException("only a worker in its own JVM can be killed");
        }
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.stop();
            inProcess.awaitStop();
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
