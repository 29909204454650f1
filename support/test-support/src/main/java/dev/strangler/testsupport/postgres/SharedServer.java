package dev.strangler.testsupport.postgres;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Starts the JVM's one test server on first use, picking Testcontainers when Docker runs. */
enum SharedServer implements Supplier<TestPostgres> {

    INSTANCE;

    static final String KIND_PROPERTY = "strangler.test.postgres";

    private static final Logger log = LoggerFactory.getLogger(SharedServer.class);

    private TestPostgres server;

    @Override
    public synchronized TestPostgres get() {
        if (server == null) {
            server = start();
            log.info("Tests use {}", server.description());
        }
        return server;
    }

    private static TestPostgres start() {
        String kind = System.getProperty(KIND_PROPERTY, "auto");
        return switch (kind) {
            case "embedded" -> EmbeddedTestPostgres.start();
            case "testcontainers" -> ContainerTestPostgres.start();
            case "auto" -> dockerIsAvailable() ? ContainerTestPostgres.start() : EmbeddedTestPostgres.start();
            default -> throw new IllegalArgumentException(
                    "-D" + KIND_PROPERTY + " must be auto, embedded or testcontainers, was '" + kind + "'");
        };
    }

    private static boolean dockerIsAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            return false;
        }
    }
}
