package dev.strangler.bench.profile;

import dev.strangler.bench.proxy.ProfileShares;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import one.convert.Arguments;
import one.convert.FlameGraph;

/**
 * {@code java -jar strangler-bench.jar profile PATH…}: a flame graph of each Java Flight Recording ({@code NAME.jfr})
 * or file of collapsed stacks ({@code NAME.collapsed}, one {@code frame;frame;… count} per line, as {@code perf script
 * report stackcollapse} writes them for a PostgreSQL backend) named, or found in a directory named, written beside it
 * as {@code NAME.html} (one self-contained page, drawn by async-profiler's converter, {@code
 * tools.profiler:jfr-converter}). A gateway's recording (the bench's {@code BENCH_JFR_DIR}) also gets its request-path
 * shares by component printed ({@link ProfileShares}). This is how {@code bench/reports} keeps the profile behind a
 * target the kit does not meet.
 * <p>
 * The graph holds the JVM's execution samples ({@code jdk.ExecutionSample}: threads running Java code) of every
 * thread, merged, so that the same code on two event loops is one tower and widths compare across recordings. The
 * stacks are read here, not by the converter, whose own reading of a HotSpot recording also counts its native-method
 * samples: threads parked or waiting in {@code epoll_wait}, time that costs no CPU. The JIT's and the collector's
 * threads run no Java code and are not in it; the bench report's CPU figures count them.
 */
public final class FlameGraphs {

    private static final String USAGE = """
            Usage: java -jar bench/target/strangler-bench.jar profile PATH...
            Writes NAME.html, a flame graph of its CPU samples, beside each Java Flight Recording NAME.jfr (as
            BENCH_JFR_DIR of a bench run records them, bench/README.md) or file of collapsed stacks NAME.collapsed
            (perf script report stackcollapse) named or found in a directory named, and prints, for a gateway's
            recording, the share of its request path's samples by component.""";

    /** The root of a stack the recording cut at its stack depth, so that such stacks stay apart from whole ones. */
    private static final String CUT = "[stack deeper than the recording kept]";

    private FlameGraphs() {
    }

    /** Runs the {@code profile} command; returns its exit status (2: bad arguments, nothing written). */
    public static int run(List<String> paths, PrintStream out, PrintStream err) throws Exception {
        if (paths.isEmpty() || paths.contains("-h") || paths.contains("--help")) {
            (paths.isEmpty() ? err : out).println(USAGE);
            return paths.isEmpty() ? 2 : 0;
        }
        List<Path> profiles = new ArrayList<>();
        for (String name : paths) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                try (Stream<Path> listed = Files.list(path)) {
                    listed.filter(FlameGraphs::isProfile).sorted().forEach(profiles::add);
                }
            }
            else if (isProfile(path) && Files.isRegularFile(path)) {
                profiles.add(path);
            }
            else {
                err.println("bench profile: " + name + " is neither a directory nor a .jfr or .collapsed file");
                return 2;
            }
        }
        if (profiles.isEmpty()) {
            err.println("bench profile: no .jfr or .collapsed file in " + String.join(", ", paths));
            return 2;
        }
        for (Path profile : profiles) {
            if (profile.getFileName().toString().endsWith(".collapsed")) {
                out.println("flame graph: " + drawStacks(profile));
            }
            else {
                List<RecordedEvent> samples = executionSamples(profile);
                out.println("flame graph: " + drawRecording(profile, samples));
                ProfileShares.shares(profile, samples).ifPresent(out::println);
            }
        }
        return 0;
    }

    /** Draws a file of collapsed stacks; returns the page's path. */
    private static Path drawStacks(Path file) throws IOException {
        String stacks = Files.readString(file);
        long samples = stacks.lines().filter(line -> line.matches(".* [0-9]+"))
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).sum();
        return draw(file, stacks, ": " + samples + " samples");
    }

    /** A recording's execution samples that have a stack: what both its flame graph and its shares are made of. */
    private static List<RecordedEvent> executionSamples(Path recording) throws IOException {
        return RecordingFile.readAllEvents(recording).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.ExecutionSample"))
                .filter(event -> event.getStackTrace() != null)
                .toList();
    }

    /** Draws a recording's execution samples; returns the page's path. */
    private static Path drawRecording(Path recording, List<RecordedEvent> samples) throws IOException {
        Map<String, Long> stacks = new HashMap<>();
        for (RecordedEvent sample : samples) {
            stacks.merge(collapsed(sample.getStackTrace()), 1L, Long::sum);
        }
        StringBuilder lines = new StringBuilder();
        stacks.forEach((stack, count) -> lines.append(stack).append(' ').append(count).append('\n'));
        return draw(recording, lines.toString(), ": " + samples.size() + " CPU samples of its Java threads");
    }

    /** Draws collapsed stacks as {@code NAME.html} beside the file they came from. */
    private static Path draw(Path source, String collapsed, String subtitle) throws IOException {
        String name = source.getFileName().toString().replaceFirst("\\.(jfr|collapsed)$", "");
        FlameGraph graph = new FlameGraph(new Arguments("--title", name + subtitle));
        graph.parseCollapsed(new StringReader(collapsed));
        Path page = source.resolveSibling(name + ".html");
        try (OutputStream html = Files.newOutputStream(page)) {
            graph.dump(html);
        }
        return page;
    }

    /** A stack in the collapsed form the converter reads: frames from the root up, {@code ;} between them. */
    private static String collapsed(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        StringBuilder line = new StringBuilder(stack.isTruncated() ? CUT : "");
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame frame = frames.get(i);
            if (!line.isEmpty()) {
                line.append(';');
            }
            line.append(frame.getMethod() == null ? "[unknown]"
                    : frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
                    .append(kind(frame.getType()));
        }
        return line.toString();
    }

    /** The converter's suffix for how a frame ran, by which it colours the frame. */
    private static String kind(String type) {
        return switch (type) {
            case "JIT compiled" -> "_[j]";
            case "Inlined" -> "_[i]";
            case "Interpreted" -> "_[0]";
            default -> "";
        };
    }

    private static boolean isProfile(Path path) {
        return path.getFileName() != null && path.getFileName().toString().matches(".*\\.(jfr|collapsed)$");
    }
}
