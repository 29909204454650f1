package dev.strangler.testsupport.postgres;

import dev.strangler.support.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.FileSystemUtils;

/** The kit's own embedded server (the same code the apps run), on a throw-away data directory. */
final class EmbeddedTestPostgres implements TestPostgres {

    private final EmbeddedPostgresServer server;
    private final AtomicInteger databases = new AtomicInteger();

    private EmbeddedTestPostgres(EmbeddedPostgresServer server) {
        this.server = server;
    }

    static TestPostgres start() {
        try {
            Path dataDirectory = Files.createTempDirectory("strangler-test-pg");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                // zonky's own shutdown hook may be stopping the server at this moment, in which case close() returns
                // at once; deleting the directory under that pg_ctl made it fail and left the postmaster running.
                EmbeddedPostgresServer.stop(dataDirectory);
                deleteAfterExit(dataDirectory);
            }, "test-postgres-shutdown"));
            return new EmbeddedTestPostgres(server);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Removes the stopped server's data directory without holding up the JVM's exit: after the replication tests it
     * holds gigabytes of WAL, and deleting them file by file in this hook outlasted surefire's 30 s exit timeout on
     * a busy machine (the fork was then killed and the build waited the whole 30 s). A separate {@code rm} finishes
     * the job after the JVM is gone; where there is none, the directory is deleted here.
     */
    private static void deleteAfterExit(Path dataDirectory) {
        try {
            new ProcessBuilder("rm", "-rf", dataDirectory.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        }
        catch (IOException ex) {
            FileSystemUtils.deleteRecursively(dataDirectory.toFile());
        }
    }

    @Override
    public String createDatabase(String prefix) {
        String name = prefix + "_" + databases.incrementAndGet();
        server.createDatabaseIfAbsent(name);
        return name;
    }

    @Override
    public String jdbcUrl(String database) {
        return server.jdbcUrl(database);
    }

    @Override
    public String username() {
        return EmbeddedPostgresServer.SUPERUSER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String description() {
        return server.toString();
    }
}
