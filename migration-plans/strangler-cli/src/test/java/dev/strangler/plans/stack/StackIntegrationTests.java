package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.support.postgres.EmbeddedPostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} and {@code down} against real processes and ports (and, where {@code up} gets that far, PostgreSQL). */
class StackIntegrationTests {

    @TempDir
    Path repository;

    @TempDir
    Path home;

    @TempDir
    Path otherHome;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Where the console's progress lines and problems go. */
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Process> fakes = new ArrayList<>();
    private StackLayout layout;

    @AfterEach
    void stopWhatTheTestStarted() {
        fakes.forEach(Process::destroyForcibly);
        if (layout != null) {
            EmbeddedPostgresServer.stop(layout.postgresData());
        }
    }

    @Test
    void upStartsNothingWhileAPortIsTakenAndNamesWhoHoldsIt() throws IOException {
        try (ServerSocket taken = takeAPortAs(StackLayout.PROXY_ADMIN_PORT)) {
            for (Component component : layout.components()) {
                build(component);
            }

            assertThatThrownBy(stack()::up)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (strangler-proxy) is in use by pid "
                            + ProcessHandle.current().pid())
                    .hasMessageContaining("java");
            assertThat(layout.postgresData()).as("PostgreSQL's data: nothing was started").doesNotExist();
            assertThat(layout.pids()).as("PID files: nothing was started").doesNotExist();
        }
    }

    @Test
    void downStopsAComponentOfItsHomeWhosePidFileIsGone() throws Exception {
        layoutOnFreePorts();
        Component planApi = component("plan-console");
        int port = layout.port(StackLayout.PLAN_API_PORT);
        // An interrupted 'up' can leave the plan API running without its PID file.
        Process stray = fake(home, port, "-", planApi);
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(port));

        stack().down();

        assertThat(stray.waitFor(60, TimeUnit.SECONDS)).as("the plan API left without a PID file has exited").isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("plan-console: stopped");
    }

    @Test
    void downLeavesAProcessOfAnotherHomeRunningAndSaysSo() throws Exception {
        layoutOnFreePorts();
        int port = layout.port(StackLayout.PLAN_API_PORT);
        Process foreign = fake(otherHome, port, "-", component("plan-console"));
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(port));

        stack().down();

        assertThat(foreign.isAlive()).as("another home's plan API").isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("port " + port + " (plan-console) is in use by pid " + foreign.pid())
                .contains("not this stack's; left running");
    }

    @Test
    void upWaitsForAComponentStillStartingInsteadOfKillingIt() throws Exception {
        layoutOnFreePorts();
        Component planApi = component("plan-console");
        build(planApi);
        Path go = home.resolve("go");
        Process starting = fake(home, layout.port(StackLayout.PLAN_API_PORT), go.toString(), planApi);
        Files.createDirectories(layout.pids());
        Files.writeString(layout.pids().resolve("plan-console.pid"), Long.toString(starting.pid()));

        CompletableFuture<List<Component>> up = CompletableFuture.supplyAsync(stack()::up);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> up.isDone() || err.toString(StandardCharsets.UTF_8).contains("plan-console: "));
        Files.createFile(go);
        List<Component> notReady = up.get(4, TimeUnit.MINUTES);

        assertThat(starting.isAlive()).as("the plan API that was still starting is left running").isTrue();
        assertThat(notReady).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("plan-console: still starting", "plan-console: ready");
    }

    @Test
    void upStartsTheMonolithAndItsServicesTogether() throws Exception {
        // The monolith answers only once the service does: had up waited for the monolith before it started the
        // service, the monolith would never have become ready.
        Path serviceAnswers = home.resolve("service-answers");
        int monolithPort = freePort();
        int servicePort = freePort();
        Path classes = Path.of(FakeComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String fake = "[" + String.join(", ", ProcessHandle.current().info().command().orElse("java"), "-Xmx32m",
                "-cp", classes.toString(), FakeComponent.class.getName()) + "]";
        Path file = repository.resolve(StackFile.FILE_NAME);
        Files.writeString(file, """
                stack: together
                monolith:
                  url: http://127.0.0.1:%1$d
                  start: {command: %3$s, args: ["%1$d", "%4$s", "monolith.jar"]}
                services:
                  - name: a-service
                    url: http://127.0.0.1:%2$d
                    start: {command: %3$s, args: ["%2$d", "-", "a-service.jar", "%4$s"]}
                """.formatted(monolithPort, servicePort, fake, serviceAnswers));
        layout = StackLayout.of(StackFile.read(file), repository, home, 0);
        Stack stack = stack();
        try {
            CompletableFuture<List<Component>> up = CompletableFuture.supplyAsync(stack::up);

            assertThat(up.get(2, TimeUnit.MINUTES)).as("components not ready; progress:%n%s",
                    err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("monolith: ready", "a-service: ready");
        }
        finally {
            stack.down();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Stack stack() {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Stack(layout, List.of("-Xmx64m"), console);
    }

    private Component component(String name) {
        return layout.components().stream().filter(component -> component.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private void build(Component component) throws IOException {
        Path jar = repository.resolve(component.jar());
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
    }

    private Process fake(Path itsHome, int port, String go, Component component) {
        Process process = FakeComponent.start(itsHome, port, go, repository.resolve(component.jar()));
        fakes.add(process);
        return process;
    }

    /** A layout whose ports are moved so that {@code defaultPort} lands on a port this test holds. */
    private ServerSocket takeAPortAs(int defaultPort) throws IOException {
        while (true) {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            int offset = socket.getLocalPort() - defaultPort;
            if (offset >= 0 && offset <= 50000 && offset + StackLayout.PLAN_API_PORT <= 65535) {
                layout = TestStacks.shop(repository, home, offset);
                return socket;
            }
            socket.close();
        }
    }

    private void layoutOnFreePorts() throws IOException {
        takeAPortAs(StackLayout.PLAN_API_PORT).close();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
