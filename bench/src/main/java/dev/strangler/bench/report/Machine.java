package dev.strangler.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the figures were measured on: CPU, cores, memory, load, OS, JVM and the versions of the parts under test.
 *
 * @param facts label to value, in report order
 */
public record Machine(Map<String, String> facts) {

    /**
     * This machine, with the versions the caller adds (PostgreSQL, Spring Boot, Debezium...).
     *
     * @param loadWhenRunStarted {@code /proc/loadavg}'s three figures as bench/run read them before building
     *        anything, or null when the harness was started some other way: a build loads the cores, so the load the
     *        harness reads at its own start does not say whether the machine was idle
     */
    public static Machine describe(Map<String, String> versions, @Nullable String loadWhenRunStarted) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
        facts.put("memory", memory());
        if (loadWhenRunStarted != null && !loadWhenRunStarted.isBlank()) {
            facts.put("load average as bench/run started (before any build)", loadWhenRunStarted.trim());
        }
        facts.put("load average as the harness started", loadAverage());
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        facts.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.putAll(versions);
        return new Machine(facts);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| machine | |\n|---|---|\n");
        facts.forEach((label, value) -> out.append("| ").append(label).append(" | ").append(value).append(" |\n"));
        return out.toString();
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(java.util.Locale.ROOT, "%.1f GiB",
                        Long.parseLong(kb.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(key)).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        }
        catch (IOException | RuntimeException ex) {
            return java.util.Optional.empty();
        }
    }
}
