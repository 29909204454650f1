package dev.strangler.bench.proxy;

import static dev.strangler.bench.BenchSettings.progress;

import dev.strangler.bench.BenchSettings;
import dev.strangler.bench.load.HttpTarget;
import dev.strangler.bench.load.LoadResult;
import dev.strangler.bench.load.OpenLoop;
import dev.strangler.bench.load.Saturation;
import dev.strangler.bench.report.Row;
import dev.strangler.bench.report.Section;
import dev.strangler.bench.report.Spread;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * The same GET sent directly to a backend and through the proxy in MONOLITH, SERVICE and SHADOW mode: maximum
 * throughput (closed loop), latency at a fixed rate (open loop, from intended send times), the proxy JVM's CPU
 * per thousand requests, once with a backend that does no work and once with one that does ~20 ms; then the
 * canary split over 10,000 callers.
 */
public final class ProxyBenchmark {

    /** Rule id to the path prefix it routes; one rule per mode over the same two backends. */
    private static final Map<String, String> MODES = new LinkedHashMap<>();
    static {
        MODES.put("MONOLITH", "/m");
        MODES.put("SERVICE", "/s");
        MODES.put("SHADOW", "/sh");
    }
    private static final int CANARY_PERCENT = 30;
    private static final int CANARY_CALLERS = 10_000;
    private static final int CONNECTIONS = 64;
    private static final int WORKERS_20MS = 16;
    /** The peers' names in figures and the report: the bare gateway and nginx, both in front of the monolith. */
    private static final String BARE = "bare Spring Cloud Gateway";
    private static final String NGINX = "nginx";
    /** What the load sends to a peer: the MONOLITH rule's path, so that every proxy forwards the same request. */
    private static final String PEER_PATH = "/m/w0/items/1";
    /**
     * What the kit's tracing costs: the same proxy with Micrometer Tracing off and Reactor's automatic context
     * propagation (which puts the trace id into log lines on every thread) limited. Not a way to run the kit (it
     * ships with both on); it tells how much of the gap to the bare gateway they are.
     */
    private static final String[] UNTRACED = { "--management.tracing.enabled=false",
            "--spring.reactor.context-propagation=limited" };
    private static final String MONOLITH_UNTRACED = "MONOLITH, tracing off";
    /** Figures of the other build named by BENCH_PROXY_BASELINE_JAR carry this after the mode. */
    private static final String BASELINE = " (baseline build)";

    private final BenchSettings settings;
    private final Map<String, List<Double>> figures = new HashMap<>();
    private long failures;
    private @Nullable String nginxMissing;

    public ProxyBenchmark(BenchSettings settings) {
        this.settings = settings;
    }

    public Section run() throws Exception {
        // BENCH_PROXY_JAR names another build of the proxy (say, the commit before a change), so that a change can
        // be measured against the same peers run by run.
        String otherJar = System.getenv("BENCH_PROXY_JAR");
        Path jar = (otherJar != null && !otherJar.isBlank()) ? Path.of(otherJar)
                : settings.repository().resolve("strangler-proxy/target/strangler-proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no proxy jar at " + jar + " (bench/run builds it)");
        }
        Path bareJar = settings.repository().resolve("bench/bare-gateway/target/bare-gateway.jar");
        if (!Files.isRegularFile(bareJar)) {
            throw new IllegalStateException("no bare gateway jar at " + bareJar + " (bench/run builds it)");
        }
        double fixedRate = settings.quick() ? 400 : 1_000;
        try (BenchBackend monolith = new BenchBackend("monolith", WORKERS_20MS);
                BenchBackend service = new BenchBackend("service", WORKERS_20MS);
                HttpTarget client = new HttpTarget("bench-client", CONNECTIONS * 2)) {
            Path home = settings.scratch().resolve("proxy");
            Path rules = writeRules(home, monolith.baseUrl(), service.baseUrl());
            progress("proxy: starting strangler-proxy (%s), the bare gateway peer and nginx", jar.getFileName());
            try (ProxyProcess proxy = ProxyProcess.start("strangler-proxy", jar, rules, home, "/m/w0/ready");
                    ProxyProcess untraced = ProxyProcess.start("strangler-proxy-untraced", jar, rules, home,
                            "/m/w0/ready", UNTRACED);
                    ProxyProcess bare = ProxyProcess.bareGateway(bareJar, monolith.baseUrl(), home, "/m/w0/ready");
                    ProxyProcess nginx = startNginx(home, monolith.baseUrl());
                    ProxyProcess baseline = startBaseline(rules, home)) {
                String direct = monolith.baseUrl();
                String proxied = proxy.baseUrl();
                // Peers in front of the monolith backend, each with its process (for its CPU time).
                Map<String, ProxyProcess> peers = new LinkedHashMap<>();
                peers.put(BARE, bare);
                if (nginx != null) {
                    peers.put(NGINX, nginx);
                }
                progress("proxy: warm-up %ds per path", settings.warmUp().toSeconds());
                Saturation.run(request(client, direct + "/w0/items/1"), CONNECTIONS, settings.warmUp());
                // Every gateway JVM gets as much warm-up as the kit's, which is warmed once per mode: a JVM compared
                // before its JIT has caught up would spend more CPU per request than it will.
                Duration gatewayWarmUp = settings.warmUp().multipliedBy(MODES.size());
                for (Map.Entry<String, ProxyProcess> peer : peers.entrySet()) {
                    Saturation.run(request(client, peer.getValue().baseUrl() + PEER_PATH), CONNECTIONS,
                            peer.getKey().equals(NGINX) ? settings.warmUp() : gatewayWarmUp);
                }
                for (String prefix : MODES.values()) {
                    Saturation.run(request(client, proxied + prefix + "/w0/items/1"), CONNECTIONS, settings.warmUp());
                    if (baseline != null) {
                        Saturation.run(request(client, baseline.baseUrl() + prefix + "/w0/items/1"), CONNECTIONS,
                                settings.warmUp());
                    }
                }
                Saturation.run(request(client, untraced.baseUrl() + PEER_PATH), CONNECTIONS, gatewayWarmUp);
                Saturation.run(request(client, proxied + "/m/w20/items/1"), CONNECTIONS, settings.warmUp().dividedBy(2));

                for (int round = 1; round <= settings.rounds(); round++) {
                    progress("proxy: round %d of %d, no-work backend at saturation", round, settings.rounds());
                    saturate(client, direct + "/w0/items/1", "sat.direct", null);
                    for (Map.Entry<String, ProxyProcess> peer : peers.entrySet()) {
                        saturate(client, peer.getValue().baseUrl() + PEER_PATH, "sat." + peer.getKey(),
                                peer.getValue());
                    }
                    for (Map.Entry<String, String> mode : MODES.entrySet()) {
                        boolean baselineFirst = baseline != null && round % 2 == 0;
                        if (baselineFirst) {
                            saturate(client, baseline.baseUrl() + mode.getValue() + "/w0/items/1",
                                    "sat." + mode.getKey() + BASELINE, baseline);
                        }
                        saturate(client, proxied + mode.getValue() + "/w0/items/1", "sat." + mode.getKey(), proxy);
                        if (baseline != null && !baselineFirst) {
                            saturate(client, baseline.baseUrl() + mode.getValue() + "/w0/items/1",
                                    "sat." + mode.getKey() + BASELINE, baseline);
                        }
                        if (mode.getKey().equals("MONOLITH")) {
                            // Next to MONOLITH, before SHADOW: the shadow copies still in flight after SHADOW's run
                            // would take CPU from whatever runs next.
                            saturate(client, untraced.baseUrl() + PEER_PATH, "sat." + MONOLITH_UNTRACED, untraced);
                        }
                    }
                    progress("proxy: round %d of %d, no-work backend at %,.0f req/s (open loop)", round,
                            settings.rounds(), fixedRate);
                    fixedRate(client, direct + "/w0/items/1", fixedRate, "ol.direct");
                    for (Map.Entry<String, ProxyProcess> peer : peers.entrySet()) {
                        fixedRate(client, peer.getValue().baseUrl() + PEER_PATH, fixedRate, "ol." + peer.getKey());
                    }
                    for (Map.Entry<String, String> mode : MODES.entrySet()) {
                        fixedRate(client, proxied + mode.getValue() + "/w0/items/1", fixedRate, "ol." + mode.getKey());
                    }
                    progress("proxy: round %d of %d, 20 ms backend", round, settings.rounds());
                    double max20 = saturate(client, direct + "/w20/items/1", "sat20.direct", null);
                    saturate(client, proxied + "/m/w20/items/1", "sat20.MONOLITH", proxy);
                    double rate = Math.max(10, 0.7 * max20);
                    record("rate20", rate);
                    fixedRate(client, direct + "/w20/items/1", rate, "ol20.direct");
                    fixedRate(client, proxied + "/m/w20/items/1", rate, "ol20.MONOLITH");
                }
                progress("proxy: canary split over %,d callers", CANARY_CALLERS);
                Canary canary = canary(client, proxied, service.baseUrl());
                return section(fixedRate, canary, peers.keySet());
            }
        }
    }

    /**
     * The kit built from another commit, when BENCH_PROXY_BASELINE_JAR names its jar: each mode then runs through
     * both builds back to back in every round (in turn first), so that a change is measured against its baseline in
     * the same conditions, which on a shared machine drift from one minute to the next.
     */
    private @Nullable ProxyProcess startBaseline(Path rules, Path home) throws Exception {
        String jar = System.getenv("BENCH_PROXY_BASELINE_JAR");
        if (jar == null || jar.isBlank()) {
            return null;
        }
        return ProxyProcess.start("strangler-proxy-baseline", Path.of(jar), rules, home, "/m/w0/ready");
    }

    /** nginx in front of the monolith backend, or null (and a note in the report) when it is not installed. */
    private @Nullable ProxyProcess startNginx(Path home, String backend) throws Exception {
        Optional<Path> binary = ProxyProcess.nginxBinary();
        if (binary.isEmpty()) {
            String why = System.getProperty("bench.nginx.note", "");
            nginxMissing = "The nginx peer was skipped: " + (why.isBlank() ? "nginx is not installed" : why)
                    + " (bench/run installs Debian's package when it can).";
            progress("proxy: %s", nginxMissing);
            return null;
        }
        return ProxyProcess.nginx(binary.get(), URI.create(backend).getAuthority(), home, "/m/w0/ready");
    }

    private double saturate(HttpTarget client, String url, String figure, ProxyProcess proxy) throws Exception {
        double cpuBefore = proxy == null ? 0 : proxy.cpuSeconds();
        LoadResult result = Saturation.run(request(client, url), CONNECTIONS, settings.loadRun());
        failures += result.failed();
        record(figure, result.throughput());
        if (proxy != null) {
            record(figure + ".cpu", (proxy.cpuSeconds() - cpuBefore) / (result.completed() / 1000.0));
        }
        return result.throughput();
    }

    private void fixedRate(HttpTarget client, String url, double rate, String figure) {
        LoadResult result = OpenLoop.realTime().run(request(client, url), rate, settings.loadRun());
        failures += result.failed();
        record(figure + ".throughput", result.throughput());
        record(figure + ".p50", result.p50Millis());
        record(figure + ".p99", result.p99Millis());
    }

    private static OpenLoop.Request request(HttpTarget client, String url) {
        return client.get(i -> url, i -> "user-" + (i % 1000));
    }

    private void record(String figure, double value) {
        figures.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
    }

    private Spread spread(String figure) {
        return new Spread(Objects.requireNonNull(figures.get(figure), figure));
    }

    /** Who answered each of 10,000 distinct callers on a 30% canary rule, and whether 1,000 of them stay put. */
    private Canary canary(HttpTarget client, String proxied, String serviceUrl) throws Exception {
        Semaphore window = new Semaphore(CONNECTIONS);
        List<CompletableFuture<String>> first = new ArrayList<>();
        for (int i = 0; i < CANARY_CALLERS; i++) {
            window.acquire();
            CompletableFuture<String> target = client.header(proxied + "/c/w0/items/1", "caller-" + i,
                    "X-Strangler-Target");
            target.whenComplete((t, e) -> window.release());
            first.add(target);
        }
        int toService = 0;
        for (CompletableFuture<String> target : first) {
            if ("service".equals(target.get())) {
                toService++;
            }
        }
        int sticky = 0;
        int again = Math.min(1_000, CANARY_CALLERS);
        for (int i = 0; i < again; i++) {
            if (Objects.equals(first.get(i).get(), client.header(proxied + "/c/w0/items/1", "caller-" + i,
                    "X-Strangler-Target").get())) {
                sticky++;
            }
        }
        return new Canary(toService, sticky, again);
    }

    private record Canary(int toService, int sticky, int askedAgain) {
    }

    private Section section(double fixedRate, Canary canary, Set<String> peers) {
        Section section = new Section("Proxy overhead", String.format(java.util.Locale.ROOT,
                "GET of a 78-byte JSON body from an in-harness Reactor Netty backend, directly, through "
                        + "strangler-proxy (its own JVM, `-Xmx512m`, default settings) and through its peers: a bare "
                        + "Spring Cloud Gateway (the proxy's version, one catch-all route, no kit filters, the same "
                        + "JVM flags) and nginx (Debian's package, one worker per core, keep-alive to the backend); "
                        + "%d connections at saturation; open-loop runs send at a fixed rate and time each request "
                        + "from its intended send time. The load generator, the backends and the proxies share the "
                        + "machine. %d rounds of %d s per run.", CONNECTIONS, settings.rounds(),
                settings.loadRun().toSeconds()));
        Spread direct = spread("sat.direct");
        for (String peer : peers) {
            Spread proxied = spread("sat." + peer);
            section.add(Row.of("no-work backend, max throughput, req/s: " + peer, "direct: " + direct.format(0),
                    proxied.format(0), "× " + proxied.ratioTo(direct).format(2)));
        }
        for (String mode : MODES.keySet()) {
            Spread proxied = spread("sat." + mode);
            Row row = Row.of("no-work backend, max throughput, req/s: " + mode, "direct: " + direct.format(0),
                    proxied.format(0), "× " + proxied.ratioTo(direct).format(2));
            section.add(mode.equals("SHADOW") ? row : row.against("≥ 0.40", proxied.ratioTo(direct).median() >= 0.40));
            if (mode.equals("SHADOW")) {
                continue;
            }
            for (String peer : peers) {
                Spread baseline = spread("sat." + peer);
                Spread ratio = proxied.ratioTo(baseline);
                Row vsPeer = Row.of("no-work backend, max throughput, req/s: " + mode + " ÷ " + peer,
                        peer + ": " + baseline.format(0), proxied.format(0), "× " + ratio.format(2));
                section.add(peer.equals(BARE) ? vsPeer.against("≥ 0.90", ratio.median() >= 0.90) : vsPeer);
            }
        }
        if (figures.containsKey("sat.MONOLITH" + BASELINE)) {
            section.note("\"The baseline build\" is a second kit JVM from " + System.getenv("BENCH_PROXY_BASELINE_JAR")
                    + " (BENCH_PROXY_BASELINE_JAR), run with the same rules; in every round each mode ran through both"
                    + " builds back to back, in turn first.");
            for (String mode : MODES.keySet()) {
                Spread before = spread("sat." + mode + BASELINE);
                Spread after = spread("sat." + mode);
                section.add(Row.of("no-work backend, max throughput, req/s: " + mode + " ÷ the baseline build's",
                        "baseline build: " + before.format(0), after.format(0), "× " + after.ratioTo(before).format(2)));
                Spread cpuBefore = spread("sat." + mode + BASELINE + ".cpu");
                Spread cpuAfter = spread("sat." + mode + ".cpu");
                section.add(Row.of("proxy CPU-seconds per 1,000 requests at saturation: " + mode
                        + " ÷ the baseline build's", "baseline build: " + cpuBefore.format(3), cpuAfter.format(3),
                        "× " + cpuAfter.ratioTo(cpuBefore).format(2)));
            }
        }
        Spread untraced = spread("sat." + MONOLITH_UNTRACED);
        section.add(Row.of("no-work backend, max throughput, req/s: " + MONOLITH_UNTRACED + " ÷ " + BARE,
                BARE + ": " + spread("sat." + BARE).format(0), untraced.format(0),
                "× " + untraced.ratioTo(spread("sat." + BARE)).format(2)));
        section.add(Row.of("proxy CPU-seconds per 1,000 requests at saturation: " + MONOLITH_UNTRACED, "",
                spread("sat." + MONOLITH_UNTRACED + ".cpu").format(3), ""));
        for (String peer : peers) {
            section.add(Row.of("CPU-seconds per 1,000 requests at saturation: " + peer, "",
                    spread("sat." + peer + ".cpu").format(3), ""));
        }
        for (String mode : MODES.keySet()) {
            Spread cpu = spread("sat." + mode + ".cpu");
            Row row = Row.of("proxy CPU-seconds per 1,000 requests at saturation: " + mode, "", cpu.format(3), "");
            section.add(mode.equals("SHADOW") ? row : row.against("≤ 0.15", cpu.median() <= 0.15));
        }
        Spread directP50 = spread("ol.direct.p50");
        Spread directP99 = spread("ol.direct.p99");
        String rate = String.format(java.util.Locale.ROOT, "%,.0f req/s", fixedRate);
        List<String> subjects = new ArrayList<>(peers);
        subjects.addAll(MODES.keySet());
        for (String subject : subjects) {
            Spread p50 = spread("ol." + subject + ".p50");
            Spread p99 = spread("ol." + subject + ".p99");
            section.add(Row.of("no-work backend at " + rate + ", p50 ms: " + subject, "direct: " + directP50.format(2),
                    p50.format(2), "+" + p50.minus(directP50).format(2) + " ms"));
            Row row = Row.of("no-work backend at " + rate + ", p99 ms: " + subject, "direct: " + directP99.format(2),
                    p99.format(2), "+" + p99.minus(directP99).format(2) + " ms");
            section.add(peers.contains(subject) ? row : row.against("≤ +2 ms", p99.minus(directP99).median() <= 2));
        }
        Spread shadowP99 = spread("ol.SHADOW.p99");
        Spread monolithP99 = spread("ol.MONOLITH.p99");
        section.add(Row.of("shadow's cost to the client, p99 ms at " + rate, "MONOLITH mode: " + monolithP99.format(2),
                shadowP99.format(2), "× " + shadowP99.ratioTo(monolithP99).format(2))
                .against("≤ × 1.10", shadowP99.ratioTo(monolithP99).median() <= 1.10));

        Spread direct20 = spread("sat20.direct");
        Spread proxied20 = spread("sat20.MONOLITH");
        section.add(Row.of("20 ms backend (" + WORKERS_20MS + " workers), max throughput, req/s: MONOLITH",
                "direct: " + direct20.format(0), proxied20.format(0), "× " + proxied20.ratioTo(direct20).format(3)));
        String rate20 = "70% of direct's max (" + spread("rate20").format(0) + " req/s)";
        Spread tDirect = spread("ol20.direct.throughput");
        Spread tProxy = spread("ol20.MONOLITH.throughput");
        section.add(Row.of("20 ms backend at " + rate20 + ", throughput req/s", "direct: " + tDirect.format(0),
                tProxy.format(0), "× " + tProxy.ratioTo(tDirect).format(3))
                .against("≥ 0.95", tProxy.ratioTo(tDirect).median() >= 0.95));
        for (String p : List.of("p50", "p99")) {
            Spread d = spread("ol20.direct." + p);
            Spread s = spread("ol20.MONOLITH." + p);
            Row row = Row.of("20 ms backend at 70%, " + p + " ms", "direct: " + d.format(2), s.format(2),
                    "+" + s.minus(d).format(2) + " ms");
            section.add(p.equals("p99") ? row.against("≤ +5 ms", s.minus(d).median() <= 5) : row);
        }
        double share = 100.0 * canary.toService() / CANARY_CALLERS;
        section.add(Row.of("canary " + CANARY_PERCENT + "%: share of " + String.format("%,d", CANARY_CALLERS)
                        + " distinct callers sent to the service", "configured: " + CANARY_PERCENT + "%",
                String.format(java.util.Locale.ROOT, "%.2f%%", share),
                String.format(java.util.Locale.ROOT, "%+.2f points", share - CANARY_PERCENT)));
        section.add(Row.of("canary stickiness: callers asked again who land on the same side", "",
                canary.sticky() + " of " + canary.askedAgain(), ""));
        section.note("\"" + MONOLITH_UNTRACED + "\" is a second proxy JVM started with " + String.join(" ", UNTRACED)
                + ": a diagnosis of what tracing (a span per request and per backend call, sampled at 100%) and the "
                + "trace id in every log line cost, not a configuration the kit ships.");
        section.note("Not measured yet: the real monolith's request mix (the in-harness backend isolates the proxy's "
                + "own cost; a monolith's work would shrink the ratios the way the 20 ms backend does).");
        section.note("Requests that failed or got a non-2xx over the whole section: " + failures + ".");
        if (nginxMissing != null) {
            section.note(nginxMissing);
        }
        section.note("On a 2-core machine the load generator, both backends and the proxy compete for the same "
                + "cores, so the saturation ratio measures how much CPU a proxied request costs relative to a direct "
                + "one rather than the proxy's own ceiling; on separate hosts the proxy would be the only tenant of "
                + "its cores. CPU-seconds per 1,000 requests is the figure that carries over.");
        return section;
    }

    private static Path writeRules(Path home, String monolith, String service) throws Exception {
        Files.createDirectories(home);
        StringBuilder yaml = new StringBuilder("strangler:\n  proxy:\n    backends:\n")
                .append("      monolith: ").append(monolith).append('\n')
                .append("      service: ").append(service).append('\n')
                .append("    rules:\n");
        Map<String, String> rules = new LinkedHashMap<>(MODES);
        rules.put("CANARY", "/c");
        rules.forEach((mode, prefix) -> yaml
                .append("      - id: ").append(mode.toLowerCase(java.util.Locale.ROOT)).append("-mode\n")
                .append("        methods: [GET, HEAD]\n")
                .append("        path: ").append(prefix).append("/**\n")
                .append("        backend: service\n")
                .append("        mode: ").append(mode).append('\n')
                .append("        percent: ").append(mode.equals("CANARY") ? CANARY_PERCENT : 0).append('\n')
                .append("        why: Benchmark rule for ").append(mode).append(" mode.\n"));
        Path file = home.resolve("bench-rules.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
