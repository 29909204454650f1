package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.strangler.plans.cli.output.Console;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} asks each component's health URL; a PID file (or its absence) does not decide. */
class StackStatusTests {

    @TempDir
    Path directory;

    @TempDir
    Path kit;

    private HttpServer healthy;

    @BeforeEach
    void startSomethingThatAnswersEveryHealthUrl() throws IOException {
        healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        healthy.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        healthy.start();
    }

    @AfterEach
    void stop() {
        healthy.stop(0);
    }

    @Test
    void reportsEnginesStartedByHandAsReadyNotStopped() throws IOException {
        int port = healthy.getAddress().getPort();
        Path file = Files.writeString(directory.resolve(StackFile.FILE_NAME), """
                stack: clinic
                monolith: {url: "http://127.0.0.1:%1$d/clinic"}
                engines:
                  proxy: {port: 1, admin-port: %1$d}
                  sync: {admin-port: %1$d}
                rules: proxy-rules.yaml
                pipelines: pipelines
                """.formatted(port));
        StackLayout layout = StackLayout.of(StackFile.read(file), kit, directory.resolve("home"), 0);
        for (Component component : layout.components()) {
            if (component.jar() != null) {
                Files.createDirectories(component.jar().getParent());
                Files.writeString(component.jar(), "built, but not started by this stack");
            }
        }
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        List<Stack.ComponentStatus> statuses = new Stack(layout, List.of(), console).status();

        assertThat(statuses).extracting(status -> status.component().name() + " " + status.state())
                .containsExactly("monolith READY", "cdc-sync READY", "strangler-proxy READY");
        assertThat(statuses).allSatisfy(status -> assertThat(status.pid()).isEmpty());
    }
}
