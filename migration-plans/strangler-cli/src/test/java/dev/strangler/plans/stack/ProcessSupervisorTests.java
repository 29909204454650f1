package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which process a PID file is trusted to name, against real processes. */
class ProcessSupervisorTests {

    @TempDir
    Path home;

    @TempDir
    Path otherHome;

    private final List<Process> started = new ArrayList<>();
    private StackLayout layout;
    private ProcessSupervisor supervisor;
    private Component planApi;

    @AfterEach
    void stopWhatTheTestStarted() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void distrustsAPidFileWhoseProcessCommandLineCannotBeRead() throws Exception {
        setUp();
        // A zombie is alive to the JDK but has no command line to read. The child outlives the shell's exec by a
        // second: a child that ended before it could be reaped by the shell, and its PID would name nothing at all.
        Process parent = start(new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 600"));
        long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8)).readLine().trim());
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(zombie)
                .map(process -> process.info().commandLine().isEmpty()).orElse(false));
        writePidFile(zombie);

        assertThat(supervisor.running(planApi)).isEmpty();
    }

    @Test
    void distrustsAPidFileWhoseProcessRunsTheSameJarForAnotherHome() throws Exception {
        setUp();
        // What a reused PID can look like: the plan API of a second stack (another home, another port offset).
        Process foreign = start(null);
        writePidFile(foreign.pid());

        assertThat(supervisor.running(planApi)).isEmpty();
        assertThat(supervisor.stop(planApi)).isFalse();
        assertThat(foreign.isAlive()).as("the other home's plan API").isTrue();
    }

    private void setUp() {
        layout = StackLayout.of(StackFile.read(TestStacks.SHOP), Path.of("/repo"), home, 0);
        supervisor = new ProcessSupervisor(layout, List.of());
        planApi = layout.components().stream().filter(component -> component.name().equals("plan-console"))
                .findFirst().orElseThrow();
    }

    private Process start(ProcessBuilder builder) throws Exception {
        Process process = builder == null
                ? FakeComponent.start(otherHome, 0, "-", layout.repository().resolve(planApi.jar()))
                : builder.start();
        started.add(process);
        return process;
    }

    private void writePidFile(long pid) throws Exception {
        Files.createDirectories(layout.pids());
        Files.writeString(layout.pids().resolve("plan-console.pid"), Long.toString(pid));
    }
}
