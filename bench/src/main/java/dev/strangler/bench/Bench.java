package dev.strangler.bench;

import static dev.strangler.bench.BenchSettings.progress;

import dev.strangler.bench.cdc.CdcBenchmark;
import dev.strangler.bench.profile.FlameGraphs;
import dev.strangler.bench.proxy.ProxyBenchmark;
import dev.strangler.bench.report.Machine;
import dev.strangler.bench.report.Report;
import dev.strangler.bench.report.Section;
import dev.strangler.bench.report.Versions;
import dev.strangler.bench.verifier.VerifierSection;
import dev.strangler.testsupport.postgres.TestPostgres;
import io.debezium.engine.DebeziumEngine;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;
import org.springframework.util.FileSystemUtils;
import reactor.netty.http.client.HttpClient;

/**
 * The harness {@code bench/run} starts: {@code [--quick] [--rounds N] [--out DIR] [--readme FILE] [proxy] [cdc]
 * [verifier]}. Runs the chosen benchmarks (all by default), writes {@code DIR/latest.md} and a dated copy, prints the
 * report, and after a full run of all three refreshes the table between the README's {@code bench:} markers. With
 * {@code profile PATH…} it runs nothing and turns Java Flight Recordings into flame graphs ({@link FlameGraphs}).
 */
public final class Bench {

    private static final Logger log = LoggerFactory.getLogger(Bench.class);

    private static final List<String> ALL = List.of("proxy", "cdc", "verifier");
    /** The CDC snapshot figures only, or the streaming ones only: quicker ways to measure one change. */
    private static final String CDC_SNAPSHOT = "cdc-snapshot";
    private static final String CDC_APPLY = "cdc-apply";

    private static final String USAGE = """
            Usage: java -jar bench/target/strangler-bench.jar [--quick] [--rounds N] [--out DIR] [--readme FILE]
                   [proxy] [cdc | cdc-snapshot | cdc-apply] [verifier]
                   java -jar bench/target/strangler-bench.jar profile PATH...
            The harness that bench/run starts after building (bench/run --help tells the whole run, Kafka Connect's
            part included). Runs the named parts (all three by default), writes DIR/latest.md and a dated copy
            (DIR: bench/reports) and prints the report; after a full run it refreshes the table between the bench
            markers of FILE (bench/run passes README.md).
              --quick       small sizes and short runs: checks that it runs; its figures mean little
              --rounds N    rounds per comparison (default 3, --quick 2)
              -h, --help    this text
              profile PATH  flame graphs of JFR recordings or perf stacks in PATH (profile --help)
            System properties: -Dstrangler.repo=DIR (the repository, for the proxy's jar and rules; default .),
            -Dstrangler.test.postgres=embedded. Environment: BENCH_PROXY_VARIANTS, BENCH_PROXY_JAR, BENCH_PROXY_BASELINE_JAR,
            BENCH_PROXY_BASELINE_ARGS, BENCH_PROXY_TRACE (bench/README.md).""";

    private Bench() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        }
        catch (Throwable failure) {
            // Exit in any case: Debezium's and Kafka's non-daemon threads would otherwise keep the JVM alive.
            log.error("bench failed", failure);
            System.exit(1);
        }
    }

    private static int run(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("profile")) {
            return FlameGraphs.run(List.of(args).subList(1, args.length), System.out, System.err);
        }
        boolean quick = false;
        int rounds = 3;
        Path out = Path.of("bench/reports");
        Path readme = null;
        Set<String> chosen = new LinkedHashSet<>();
        List<String> asTyped = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--out") && !args[i].equals("--readme")) {
                asTyped.add(args[i]);
            }
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                case "--quick" -> quick = true;
                case "--rounds" -> {
                    String n = i + 1 < args.length ? args[++i] : "";
                    if (!n.matches("[1-9][0-9]{0,2}")) {
                        System.err.println("bench: --rounds needs a whole number from 1 to 999, got '" + n + "'");
                        return 2;
                    }
                    rounds = Integer.parseInt(n);
                    asTyped.add(args[i]);
                }
                case "--out" -> out = Path.of(args[++i]);
                case "--readme" -> readme = Path.of(args[++i]);
                default -> {
                    if (!ALL.contains(args[i]) && !args[i].equals(CDC_SNAPSHOT) && !args[i].equals(CDC_APPLY)) {
                        System.err.println("bench: unknown argument '" + args[i] + "'; known: --quick, --rounds N, "
                                + "--out DIR, --readme FILE, --help, profile PATH, " + String.join(", ", ALL) + ", " + CDC_SNAPSHOT + ", " + CDC_APPLY);
                        return 2;
                    }
                    chosen.add(args[i]);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(ALL);
        }
        if (quick && rounds == 3) {
            rounds = 2;
        }
        Path repository = Path.of(System.getProperty("strangler.repo", ".")).toAbsolutePath().normalize();
        Path scratch = Files.createTempDirectory("strangler-bench");
        BenchSettings settings = new BenchSettings(quick, rounds, repository, scratch);
        Instant started = Instant.now();
        String command = String.join(" ", "bench/run", String.join(" ", asTyped)).trim();

        Map<String, String> versions = new LinkedHashMap<>();
        boolean failed = false;
        List<Section> sections = new ArrayList<>();
        for (String name : chosen) {
            progress("%s: starting", name);
            long t0 = System.nanoTime();
            Section section;
            try {
                section = switch (name) {
                    case "proxy" -> new ProxyBenchmark(settings).run();
                    case "cdc" -> new CdcBenchmark(settings).run();
                    case CDC_SNAPSHOT -> new CdcBenchmark(settings, true, false).run();
                    case CDC_APPLY -> new CdcBenchmark(settings, false, true).run();
                    default -> new VerifierSection(settings).run();
                };
            }
            catch (Exception | LinkageError ex) {
                // The other parts still run and the report says what failed, instead of nothing at all.
                progress("%s: FAILED: %s", name, ex);
                log.error("{} failed", name, ex);
                failed = true;
                section = new Section(name + " (failed)", "").note("This part failed: `" + ex + "`; see the run's "
                        + "output for the stack trace.");
            }
            sections.add(section);
            progress("%s: done in %d s", name, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        versions.put("Spring Boot", SpringBootVersion.getVersion());
        Path proxyJar = repository.resolve("strangler-proxy/target/strangler-proxy.jar");
        Versions.inFatJar(proxyJar, "spring-cloud-gateway-server-webflux")
                .ifPresent(version -> versions.put("Spring Cloud Gateway (proxy jar)", version));
        versions.put("Debezium", Versions.ofJarOf(DebeziumEngine.class));
        versions.put("Kafka clients / broker", AppInfoParser.getVersion());
        versions.put("Reactor Netty (load generator, backends)", Versions.ofJarOf(HttpClient.class));
        if (chosen.contains("cdc") || chosen.contains(CDC_SNAPSHOT) || chosen.contains(CDC_APPLY) || chosen.contains("verifier")) {
            versions.put("PostgreSQL", postgresVersion());
        }
        // bench/run reads the load before it builds anything; the harness's own reading comes after the build.
        Machine machine = Machine.describe(versions, System.getProperty("bench.load-when-run-started"));
        Report report = new Report(started, machine, command);
        sections.forEach(report::add);
        String markdown = report.markdown(Duration.between(started, Instant.now()));
        Files.createDirectories(out);
        Files.writeString(out.resolve("latest.md"), markdown);
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'").withZone(ZoneOffset.UTC).format(started);
        Files.writeString(out.resolve(stamp + (quick ? "-quick" : "") + ".md"), markdown);
        System.out.println(markdown);
        if (readme != null && !quick && !failed && chosen.containsAll(ALL)) {
            Files.writeString(readme, Report.replaceBetweenMarkers(Files.readString(readme),
                    report.summary(Duration.between(started, Instant.now()), "[bench/reports/latest.md]"
                            + "(bench/reports/latest.md)")));
            progress("README table refreshed: %s", readme);
        }
        progress("report written to %s", out.resolve("latest.md"));
        FileSystemUtils.deleteRecursively(scratch);
        return failed ? 1 : 0;
    }

    private static String postgresVersion() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        try (Connection connection = postgres.connect(postgres.createDatabase("bench_info"));
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT version()")) {
            version.next();
            return version.getString(1).replaceAll(",.*", "") + ", embedded (fsync on)";
        }
    }
}
