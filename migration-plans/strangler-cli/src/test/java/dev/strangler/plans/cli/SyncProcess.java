package dev.strangler.plans.cli;

import dev.strangler.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * cdc-sync as {@code strangler up} starts it: its jar ({@code cdc-sync/target/cdc-sync.jar}, built by the package
 * phase) in a JVM of its own, with its admin API on a free loopback port, its token under {@code home}, and the
 * pipeline files of one directory, their placeholders set to two databases of the shared PostgreSQL.
 */
final class SyncProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path home;

    private SyncProcess(Process process, int port, Path home) {
        this.process = process;
        this.port = port;
        this.home = home;
    }

    /**
     * Starts it; the pipelines start on their own ({@code auto-start}). The log goes to {@code log}.
     *
     * @param jvmOptions e.g. {@code -XX:TieredStopAtLevel=1} for a test (starts sooner), none for a measurement
     */
    static SyncProcess start(TestPostgres postgres, Path pipelines, String legacy, String service, Path home, Path log,
            String... jvmOptions) throws IOException {
        Files.createDirectories(home);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", Path.of("../../cdc-sync/target/cdc-sync.jar").toAbsolutePath().normalize()
                .toString(), "--server.port=" + port, "--strangler.home=" + home,
                "--strangler.sync.pipelines=file:" + pipelines + "/*.yaml"));
        command.addAll(databaseArguments(postgres, legacy, service));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new SyncProcess(process, port, home);
    }

    /** The pipeline files' placeholders for two databases, as a stack file's engine arguments. */
    private static List<String> databaseArguments(TestPostgres postgres, String legacy, String service) {
        return List.of("--STRANGLER_SHOP_DB_URL=" + postgres.jdbcUrl(legacy),
                "--STRANGLER_SHOP_DB_USER=" + postgres.username(),
                "--STRANGLER_SHOP_DB_PASSWORD=" + postgres.password(),
                "--STRANGLER_CUSTOMER_DB_URL=" + postgres.jdbcUrl(service),
                "--STRANGLER_CUSTOMER_DB_USER=" + postgres.username(),
                "--STRANGLER_CUSTOMER_DB_PASSWORD=" + postgres.password());
    }

    String adminUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    Path home() {
        return home;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
