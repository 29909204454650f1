package dev.strangler.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlameGraphsTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesAFlameGraphBesideEachRecordingOfADirectoryShowingTheMethodThatTookTheCpu(@TempDir Path dir)
            throws Exception {
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long checksum = spinForTheFlameGraph();
            recording.stop();
            recording.dump(dir.resolve("busy.jfr"));
            assertThat(checksum).isNotZero();
        }

        int status = FlameGraphs.run(List.of(dir.toString()), print(out), print(err));

        Path page = dir.resolve("busy.html");
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("flame graph: " + page)
                .as("not a gateway's recording: no request-path shares").doesNotContain("request path");
        assertThat(Files.readString(page)).contains("<html").contains("spinForTheFlameGraph");
    }

    @Test
    void drawsCollapsedStacksAsPerfWritesThemForAPostgresBackend(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("backend.collapsed"), """
                postgres;ExecScan;hash_record_extended 30
                postgres;ExecScan;tts_buffer_heap_getsomeattrs 10
                """);

        int status = FlameGraphs.run(List.of(dir.resolve("backend.collapsed").toString()), print(out), print(err));

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("flame graph: " + dir.resolve("backend.html"));
        // The page keeps each frame's name once; names that share a beginning share it there (no two do here).
        assertThat(Files.readString(dir.resolve("backend.html"))).contains("hash_record_extended")
                .contains("tts_buffer_heap_getsomeattrs");
    }

    @Test
    void refusesAPathThatIsNeitherARecordingNorADirectoryAndWritesNothing(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a recording");

        int status = FlameGraphs.run(List.of(notes.toString()), print(out), print(err));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains(notes + " is neither a directory nor a .jfr or .collapsed file");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(notes);
        }
    }

    /** Spins on the CPU until this thread has used 400 ms of it: some 40 samples at JFR's 10 ms period. */
    private static long spinForTheFlameGraph() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 400_000_000L;
        long x = 1;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            }
        }
        return x | 1;
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
