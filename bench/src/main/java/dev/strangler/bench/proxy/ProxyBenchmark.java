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
    /** Figures of the other build named by BENCH_PROXY_BASELINE_JAR carry this after the mode. */
    private static final String BASELINE = " (baseline build)";
    /** Figures of the kit's twin (a second JVM of the same jar, in MONOLITH mode) carry this after the mode. */
    private static final String TWIN = " (twin)";
    /** A pass sets a new best when its CPU per request is more than this share below the best pass before it. */
    private static final double STEADY = 0.05;
    /**
     * At least this many passes; {@code -Dbench.proxy.minPasses=6} on the harness's command line makes every JVM take
     * all of them, so that a run shows the whole curve of CPU per request by pass (what the criterion is judged by).
     */
    private static final int MIN_PASSES = Integer.getInteger("bench.proxy.minPasses", 3);
    /** At most this many passes; {@code -Dbench.proxy.maxPasses=…} changes it, to see how far the curve goes on. */
    private static final int MAX_PASSES = Integer.getInteger("bench.proxy.maxPasses", 6);
    private static final int MAX_CATCH_UP_RUNS = 20;
    /** How long a gateway may take to go quiet after a run before the next one starts anyway. */
    private static final Duration QUIET = Duration.ofSeconds(10);

    private final BenchSettings settings;
    private final Map<String, List<Double>> figures = new HashMap<>();
    /** Every gateway process of the run; all but the one being measured are stopped. */
    private final List<ProxyProcess> gateways = new ArrayList<>();
    private long failures;
    /** Requests each gateway has served so far (warm-ups included), to give the kit's partners its traffic. */
    private final Map<ProxyProcess, Long> served = new HashMap<>();
    /** What each gateway's warm-up took, for the report. */
    private final List<String> warmUps = new ArrayList<>();
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
        String variants = System.getenv("BENCH_PROXY_VARIANTS");
        if (variants != null && !variants.isBlank()) {
            return bisect(jar, bareJar, variants);
        }
        double fixedRate = settings.quick() ? 400 : 1_000;
        try (BenchBackend monolith = new BenchBackend("monolith", WORKERS_20MS);
                BenchBackend service = new BenchBackend("service", WORKERS_20MS);
                HttpTarget client = new HttpTarget("bench-client", CONNECTIONS * 2)) {
            Path home = settings.scratch().resolve("proxy");
            Path rules = writeRules(home, monolith.baseUrl(), service.baseUrl());
            progress("proxy: starting strangler-proxy (%s) and its twin, the bare gateway peer and nginx",
                    jar.getFileName());
            // Started at once (each start waits until its process answers): they share nothing, and one after
            // another the JVMs' start-ups took 28 s of the idle run of 2026-12-07 02:32.
            CompletableFuture<ProxyProcess> startingProxy = starting(() -> ProxyProcess.start("strangler-proxy", jar,
                    rules, home, "/m/w0/ready"));
            CompletableFuture<ProxyProcess> startingTwin = starting(() -> ProxyProcess.start("strangler-proxy-twin",
                    jar, rules, home, "/m/w0/ready"));
            CompletableFuture<ProxyProcess> startingBare = starting(() -> ProxyProcess.bareGateway(bareJar,
                    monolith.baseUrl(), home, "/m/w0/ready"));
            CompletableFuture<ProxyProcess> startingNginx = starting(() -> startNginx(home, monolith.baseUrl()));
            CompletableFuture<ProxyProcess> startingBaseline = starting(() -> startBaseline(jar, rules, home));
            try (ProxyProcess proxy = started(startingProxy);
                    ProxyProcess twin = started(startingTwin);
                    ProxyProcess bare = started(startingBare);
                    ProxyProcess nginx = startedOrNull(startingNginx);
                    ProxyProcess baseline = startedOrNull(startingBaseline)) {
                String direct = monolith.baseUrl();
                String proxied = proxy.baseUrl();
                // Peers in front of the monolith backend, each with its process (for its CPU time).
                Map<String, ProxyProcess> peers = new LinkedHashMap<>();
                peers.put(BARE, bare);
                if (nginx != null) {
                    peers.put(NGINX, nginx);
                }
                for (ProxyProcess gateway : new ProxyProcess[] { proxy, twin, bare, nginx, baseline }) {
                    if (gateway != null) {
                        gateways.add(gateway);
                    }
                }
                // The kit's partners, run with it in mirrored order in each round: its twin (the same jar: an A/A
                // pair, whose ratio is the harness's own bias) in MONOLITH mode, the baseline build in every mode.
                Map<String, Map<String, ProxyProcess>> partners = new LinkedHashMap<>();
                for (String mode : MODES.keySet()) {
                    Map<String, ProxyProcess> of = new LinkedHashMap<>();
                    if (mode.equals("MONOLITH")) {
                        of.put(TWIN, twin);
                    }
                    if (baseline != null) {
                        of.put(BASELINE, baseline);
                    }
                    partners.put(mode, of);
                }
                progress("proxy: warm-up until steady (passes of %ds per path)", settings.warmUp().toSeconds());
                warmUp(client, direct + "/w0/items/1", null, settings.warmUp());
                // Every gateway JVM is warmed until its CPU per request stops falling (see warmUntilSteady): a JVM
                // compared before its JIT has caught up spends more CPU per request than it will, and a warm-up
                // fixed in time serves too few requests for that on a loaded machine. The kit and its twin take the
                // same paths (every mode, then the 20 ms backend), so that they are warmed alike.
                List<String> kitPaths = MODES.values().stream().map(prefix -> prefix + "/w0/items/1").toList();
                for (Map.Entry<String, ProxyProcess> peer : peers.entrySet()) {
                    warmUntilSteady(client, peer.getKey(), peer.getValue(), List.of(PEER_PATH));
                }
                for (ProxyProcess kit : new ProxyProcess[] { proxy, twin, baseline }) {
                    if (kit != null) {
                        warmUntilSteady(client, kit.name(), kit, kitPaths);
                        warmUp(client, kit.baseUrl() + "/m/w20/items/1", kit, settings.warmUp().dividedBy(2));
                    }
                }
                catchUp(client, proxy, kitPaths, List.of(twin, bare), baseline);

                for (int round = 1; round <= settings.rounds(); round++) {
                    progress("proxy: round %d of %d, no-work backend at saturation", round, settings.rounds());
                    saturate(client, direct + "/w0/items/1", "sat.direct", null);
                    for (Map.Entry<String, ProxyProcess> peer : peers.entrySet()) {
                        saturate(client, peer.getValue().baseUrl() + PEER_PATH, "sat." + peer.getKey(),
                                peer.getValue());
                    }
                    for (Map.Entry<String, String> mode : MODES.entrySet()) {
                        saturateWithPartners(client, mode.getKey(), mode.getValue() + "/w0/items/1", proxy,
                                partners.get(mode.getKey()));
                    }
                    progress("proxy: round %d of %d, no-work backend at %,.0f req/s (open loop)", round,
                            settings.rounds(), fixedRate);
                    fixedRate(client, direct + "/w0/items/1", fixedRate, "ol.direct", null);
                    for (Map.Entry<String, ProxyProcess> peer : peers.entrySet()) {
                        fixedRate(client, peer.getValue().baseUrl() + PEER_PATH, fixedRate, "ol." + peer.getKey(),
                                peer.getValue());
                    }
                    for (Map.Entry<String, String> mode : MODES.entrySet()) {
                        fixedRate(client, proxied + mode.getValue() + "/w0/items/1", fixedRate, "ol." + mode.getKey(),
                                proxy);
                    }
                    progress("proxy: round %d of %d, 20 ms backend", round, settings.rounds());
                    double max20 = saturate(client, direct + "/w20/items/1", "sat20.direct", null);
                    saturate(client, proxied + "/m/w20/items/1", "sat20.MONOLITH", proxy);
                    double rate = Math.max(10, 0.7 * max20);
                    record("rate20", rate);
                    fixedRate(client, direct + "/w20/items/1", rate, "ol20.direct", null);
                    fixedRate(client, proxied + "/m/w20/items/1", rate, "ol20.MONOLITH", proxy);
                    // The JVMs compared with the kit serve as many requests as it has served (it serves the
                    // open-loop and 20 ms runs, its partners do not), so that the JVM that has served the most
                    // does not measure best: the A/A pair and the kit ÷ bare gateway pair are of equal traffic.
                    if (round < settings.rounds()) {
                        catchUp(client, proxy, kitPaths, List.of(twin, bare), baseline);
                    }
                }
                progress("proxy: canary split over %,d callers", CANARY_CALLERS);
                only(proxy);
                Canary canary = canary(client, proxied, service.baseUrl());
                return section(fixedRate, canary, peers.keySet());
            }
            finally {
                // What did start is closed by the try above, unless a start failed before it was entered: then
                // every process that did start is closed here (closing one twice does nothing more).
                for (CompletableFuture<ProxyProcess> start : List.of(startingProxy, startingTwin, startingBare,
                        startingNginx, startingBaseline)) {
                    ProxyProcess process = start.exceptionally(ex -> null).join();
                    if (process != null) {
                        process.close();
                    }
                }
            }
        }
    }

    /** The process {@code start} started; its start's exception if it failed. */
    private static ProxyProcess started(CompletableFuture<ProxyProcess> start) throws Exception {
        return Objects.requireNonNull(startedOrNull(start));
    }

    private static @Nullable ProxyProcess startedOrNull(CompletableFuture<ProxyProcess> start) throws Exception {
        try {
            return start.join();
        }
        catch (java.util.concurrent.CompletionException ex) {
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }
    }

    /**
     * A bisection instead of the proxy section (BENCH_PROXY_VARIANTS set): the bare gateway, the kit as built and
     * each named variant of the kit ({@code name=--key=value -Dx=y …}, variants separated by {@code ;}; a first
     * token {@code jar:/path} runs another jar), all warmed until steady over the MONOLITH rule's path and brought to
     * equal traffic, then saturated over that path in each round, in mirrored order from round to round. It says
     * which of the kit's components account for its gap to the bare gateway, every figure from the same run.
     */
    private Section bisect(Path jar, Path bareJar, String spec) throws Exception {
        Map<String, String[]> named = new LinkedHashMap<>();
        for (String variant : spec.split(";")) {
            if (variant.isBlank()) {
                continue;
            }
            int eq = variant.indexOf('=');
            named.put(variant.substring(0, eq).trim(), variant.substring(eq + 1).trim().split("\\s+"));
        }
        try (BenchBackend monolith = new BenchBackend("monolith", WORKERS_20MS);
                BenchBackend service = new BenchBackend("service", WORKERS_20MS);
                HttpTarget client = new HttpTarget("bench-client", CONNECTIONS * 2)) {
            Path home = settings.scratch().resolve("proxy");
            Path rules = writeRules(home, monolith.baseUrl(), service.baseUrl());
            Map<String, ProxyProcess> subjects = new LinkedHashMap<>();
            // Started all at once (each start waits until its JVM answers; one after another, a dozen JVMs on a
            // loaded machine take longer to start than the whole bisection takes to measure).
            Map<String, CompletableFuture<ProxyProcess>> starting = new LinkedHashMap<>();
            starting.put(BARE, starting(() -> ProxyProcess.bareGateway(bareJar, monolith.baseUrl(), home,
                    "/m/w0/ready")));
            starting.put("kit", starting(() -> ProxyProcess.start("strangler-proxy", jar, rules, home,
                    "/m/w0/ready")));
            int i = 0;
            for (Map.Entry<String, String[]> variant : named.entrySet()) {
                i++;
                List<String> args = new ArrayList<>(List.of(variant.getValue()));
                Path variantJar = jar;
                if (!args.isEmpty() && args.get(0).startsWith("jar:")) {
                    variantJar = Path.of(args.remove(0).substring(4));
                }
                args.removeIf(String::isBlank);
                progress("proxy bisect: starting %s: %s", variant.getKey(), String.join(" ", args));
                Path startJar = variantJar;
                String name = "strangler-proxy-v" + i;
                starting.put(variant.getKey(), starting(() -> ProxyProcess.start(name, startJar, rules, home,
                        "/m/w0/ready", args.toArray(String[]::new))));
            }
            try {
                for (Map.Entry<String, CompletableFuture<ProxyProcess>> start : starting.entrySet()) {
                    try {
                        subjects.put(start.getKey(), start.getValue().join());
                    }
                    catch (java.util.concurrent.CompletionException ex) {
                        progress("proxy bisect: %s did not start: %s", start.getKey(), ex.getCause());
                    }
                }
                progress("proxy bisect: %d gateways started", subjects.size());
                gateways.addAll(subjects.values());
                for (Map.Entry<String, ProxyProcess> subject : subjects.entrySet()) {
                    warmUntilSteady(client, subject.getKey(), subject.getValue(), List.of(PEER_PATH));
                }
                long most = subjects.values().stream().mapToLong(p -> served.getOrDefault(p, 0L)).max().orElse(0);
                for (ProxyProcess subject : subjects.values()) {
                    for (int run = 0; run < MAX_CATCH_UP_RUNS && served.getOrDefault(subject, 0L) < most; run++) {
                        warmUp(client, subject.baseUrl() + PEER_PATH, subject, settings.loadRun());
                    }
                }
                List<Map.Entry<String, ProxyProcess>> order = new ArrayList<>(subjects.entrySet());
                for (int round = 1; round <= settings.rounds(); round++) {
                    progress("proxy bisect: round %d of %d", round, settings.rounds());
                    for (Map.Entry<String, ProxyProcess> subject : order) {
                        saturate(client, subject.getValue().baseUrl() + PEER_PATH, "bisect." + subject.getKey(),
                                subject.getValue());
                    }
                    java.util.Collections.reverse(order);
                }
                only(null);
            }
            finally {
                for (CompletableFuture<ProxyProcess> start : starting.values()) {
                    ProxyProcess subject = start.exceptionally(ex -> null).join();
                    if (subject != null) {
                        subject.close();
                    }
                }
            }
            Section section = new Section("Proxy bisection", String.format(java.util.Locale.ROOT,
                    "GET through the MONOLITH rule's path (%s) of the bare gateway, the kit as built and variants "
                            + "of it, each in its own JVM, %d connections at saturation, %d rounds of %.1f s per run "
                            + "(order mirrored from round to round); the load generator, the backend and the gateway "
                            + "share the machine.", PEER_PATH, CONNECTIONS, settings.rounds(),
                    settings.loadRun().toMillis() / 1000.0));
            Spread bare = spread("bisect." + BARE);
            Spread kit = spread("bisect.kit");
            for (String subject : subjects.keySet()) {
                Spread throughput = spread("bisect." + subject);
                Spread cpu = spread("bisect." + subject + ".cpu");
                String args = named.containsKey(subject) ? String.join(" ", named.get(subject)) : "";
                section.add(Row.of(subject + (args.isEmpty() ? "" : " (" + args + ")"), "req/s " + throughput.format(0)
                        + ", CPU-s per 1,000 " + cpu.format(3), "÷ bare " + throughput.ratioTo(bare).format(2),
                        "÷ kit " + throughput.ratioTo(kit).format(2) + ", CPU ÷ kit "
                                + cpu.ratioTo(spread("bisect.kit.cpu")).format(2)));
            }
            section.note("Warm-ups: " + String.join("; ", warmUps) + ". Failed requests: " + failures + ".");
            return section;
        }
    }

    private interface Start {
        @Nullable ProxyProcess start() throws Exception;
    }

    private static CompletableFuture<ProxyProcess> starting(Start start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start.start();
            }
            catch (Exception ex) {
                throw new java.util.concurrent.CompletionException(ex);
            }
        }, runnable -> new Thread(runnable, "gateway-start").start());
    }

    /**
     * The kit and its partners in one mode, in mirrored order (kit, partners…, then the same backwards), so that
     * each of them runs as often first as last and the pairs' ratios carry no bias of position; the kit's figure
     * for the mode is the mean of its two runs.
     */
    private void saturateWithPartners(HttpTarget client, String mode, String path, ProxyProcess proxy,
            Map<String, ProxyProcess> partners) throws Exception {
        if (partners.isEmpty()) {
            saturate(client, proxy.baseUrl() + path, "sat." + mode, proxy);
            return;
        }
        List<Map.Entry<String, ProxyProcess>> order = new ArrayList<>();
        order.add(Map.entry("", proxy));
        order.addAll(partners.entrySet());
        List<Map.Entry<String, ProxyProcess>> mirrored = new ArrayList<>(order);
        java.util.Collections.reverse(mirrored);
        order.addAll(mirrored);
        double throughput = 0;
        double cpu = 0;
        for (Map.Entry<String, ProxyProcess> subject : order) {
            String figure = "pair.sat." + mode + subject.getKey();
            Measured run = saturate(client, subject.getValue().baseUrl() + path, subject.getValue());
            record(figure, run.throughput());
            record(figure + ".cpu", run.cpuPerThousand());
            if (subject.getValue() == proxy) {
                throughput += run.throughput() / 2;
                cpu += run.cpuPerThousand() / 2;
            }
        }
        record("sat." + mode, throughput);
        record("sat." + mode + ".cpu", cpu);
    }

    /**
     * Lets {@code subject} run and stops every other gateway (all of them when it is null): only the gateway being
     * measured may use the cores.
     */
    private void only(@Nullable ProxyProcess subject) throws Exception {
        for (ProxyProcess gateway : gateways) {
            if (gateway != subject) {
                gateway.pause();
            }
        }
        if (subject != null) {
            subject.resume();
        }
    }

    private void warmUp(HttpTarget client, String url, @Nullable ProxyProcess proxy, Duration time) throws Exception {
        warmUp(client, url, proxy, time, true);
    }

    /**
     * One untimed saturation run; with {@code quiet}, it ends when the gateway has gone quiet. A run followed by
     * another one of the same gateway need not wait: what the gateway finishes meanwhile is counted in the next run,
     * of the same gateway and the same warm-up pass, and no other gateway runs in between.
     */
    private void warmUp(HttpTarget client, String url, @Nullable ProxyProcess proxy, Duration time, boolean quiet)
            throws Exception {
        only(proxy);
        double cpuBefore = proxy == null ? 0 : proxy.cpuSeconds();
        long from = proxy == null ? 0 : proxy.uptimeMillis();
        LoadResult result = Saturation.run(request(client, url), CONNECTIONS, time);
        if (proxy != null) {
            served.merge(proxy, result.completed(), Long::sum);
            if (quiet) {
                proxy.awaitQuiet(QUIET);
            }
            trace(proxy, "warm-up " + url, from, result.completed(), proxy.cpuSeconds() - cpuBefore);
        }
    }

    /**
     * Warms {@code proxy} in passes (one warm-up run per path, each until the gateway has gone quiet) until it is
     * steady (see {@link #steady(List)}), at most {@link #MAX_PASSES} passes. CPU per request counts the JIT's own threads, so it falls while the
     * request path is still being compiled; on a loaded machine that takes many more requests than on an idle one.
     */
    private void warmUntilSteady(HttpTarget client, String name, ProxyProcess proxy, List<String> paths)
            throws Exception {
        List<Double> perThousand = new ArrayList<>();
        long requests = 0;
        int pass = 0;
        boolean steady = false;
        List<String> passes = new ArrayList<>();
        long began = System.nanoTime();
        while (!steady && pass < MAX_PASSES) {
            pass++;
            double cpuBefore = proxy.cpuSeconds();
            long servedBefore = served.getOrDefault(proxy, 0L);
            for (int i = 0; i < paths.size(); i++) {
                // Only the pass's last run waits until the gateway is quiet: the pass's CPU is counted from its
                // start to then, whichever of its runs the JIT's work belongs to.
                warmUp(client, proxy.baseUrl() + paths.get(i), proxy, settings.warmUp(), i == paths.size() - 1);
            }
            long passRequests = served.getOrDefault(proxy, 0L) - servedBefore;
            requests += passRequests;
            double cost = (proxy.cpuSeconds() - cpuBefore) / (Math.max(1, passRequests) / 1000.0);
            perThousand.add(cost);
            passes.add(String.format(java.util.Locale.ROOT, "%.3f", cost));
            steady = steady(perThousand);
        }
        String line = String.format(java.util.Locale.ROOT, "%s: %d passes in %d s, %,d requests, CPU-s per 1,000 by "
                + "pass %s%s", name, pass, (System.nanoTime() - began) / 1_000_000_000L, requests,
                String.join(", ", passes), steady ? "" : " (still falling)");
        warmUps.add(line);
        progress("proxy: warmed %s", line);
    }

    /**
     * Whether a gateway is warm after the warm-up passes whose CPU per request is {@code passes} (in order): at least
     * {@link #MIN_PASSES} passes, and the last two in a row set no new best (neither more than {@link #STEADY} below
     * every pass before it). The JIT only ever lowers a gateway's CPU per request, in steps: a dearer pass is the
     * machine's noise, and one pass without a new best is not yet a plateau. Stopping at the first pass without a new
     * best stopped the kit of the idle run of 2026-12-07 05:19 after 4 passes (1.694 then 1.706 CPU-s per 1,000)
     * while its twin and the bare gateway went on falling, which left the A/A pair at × 0.90.
     */
    static boolean steady(List<Double> passes) {
        int n = passes.size();
        return n >= MIN_PASSES && !newBest(passes, n - 1) && !newBest(passes, n - 2);
    }

    /** Whether pass {@code i} cost more than {@link #STEADY} less than the cheapest pass before it (the first does). */
    private static boolean newBest(List<Double> passes, int i) {
        double best = passes.subList(0, i).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return Double.isNaN(best) || passes.get(i) < (1 - STEADY) * best;
    }

    /**
     * Lets the JVMs compared with {@code kit} serve until each has served as many requests as it, at most {@link
     * #MAX_CATCH_UP_RUNS} load runs each, after the kit itself has served as many as its twin (whose warm-up may
     * have taken more passes): its twin and the baseline build (if any) over the kit's {@code paths} in
     * turn, and the bare gateway ({@code peers}, after the twin) over {@link
     * #PEER_PATH}. Until every JVM is steady, the one that has served the most measures best (its JIT is furthest
     * along), so pairs are compared at equal traffic.
     */
    private void catchUp(HttpTarget client, ProxyProcess kit, List<String> paths, List<ProxyProcess> twinAndPeers,
            @Nullable ProxyProcess baseline) throws Exception {
        catchUp(client, twinAndPeers.get(0), kit, paths);
        catchUp(client, kit, twinAndPeers.get(0), paths);
        if (baseline != null) {
            catchUp(client, kit, baseline, paths);
        }
        for (ProxyProcess peer : twinAndPeers.subList(1, twinAndPeers.size())) {
            catchUp(client, kit, peer, List.of(PEER_PATH));
        }
    }

    private void catchUp(HttpTarget client, ProxyProcess kit, ProxyProcess partner, List<String> paths)
            throws Exception {
        int run = 0;
        for (; run < MAX_CATCH_UP_RUNS && served.getOrDefault(partner, 0L) < served.getOrDefault(kit, 0L); run++) {
            // Runs as long as a warm-up pass's; only the last waits until the gateway is quiet (below), since no
            // other gateway runs in between.
            warmUp(client, partner.baseUrl() + paths.get(run % paths.size()), partner, settings.warmUp(), false);
        }
        if (run > 0) {
            partner.awaitQuiet(QUIET);
        }
    }

    /**
     * With BENCH_PROXY_TRACE set, one progress line per gateway run: which JVM, from when to when in its own
     * uptime (the time base of -XX:+PrintCompilation's lines), requests served and CPU per 1,000 of them.
     */
    private static void trace(ProxyProcess proxy, String what, long fromMillis, long requests, double cpuSeconds) {
        String on = System.getenv("BENCH_PROXY_TRACE");
        if (on != null && !on.isBlank()) {
            progress("proxy trace: %s %s t=%d-%d ms, %d requests, %.3f CPU-s per 1,000", proxy.name(), what,
                    fromMillis, proxy.uptimeMillis(), requests, cpuSeconds / (requests / 1000.0));
        }
    }

    /**
     * The kit built from another commit, when BENCH_PROXY_BASELINE_JAR names its jar, or run with other options
     * (BENCH_PROXY_BASELINE_ARGS: {@code --key=value} settings and {@code -D…} JVM options, of the kit's jar when no
     * other is named): each mode then runs through both in every round (in mirrored order), so that a change is
     * measured against its baseline in the same conditions, which on a shared machine drift from one minute to the
     * next.
     */
    private @Nullable ProxyProcess startBaseline(Path kitJar, Path rules, Path home) throws Exception {
        String jar = System.getenv("BENCH_PROXY_BASELINE_JAR");
        String args = System.getenv("BENCH_PROXY_BASELINE_ARGS");
        boolean hasArgs = args != null && !args.isBlank();
        if ((jar == null || jar.isBlank()) && !hasArgs) {
            return null;
        }
        return ProxyProcess.start("strangler-proxy-baseline", (jar == null || jar.isBlank()) ? kitJar : Path.of(jar),
                rules, home, "/m/w0/ready", hasArgs ? args.trim().split("\\s+") : new String[0]);
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

    private double saturate(HttpTarget client, String url, String figure, @Nullable ProxyProcess proxy)
            throws Exception {
        Measured run = saturate(client, url, proxy);
        record(figure, run.throughput());
        if (proxy != null) {
            record(figure + ".cpu", run.cpuPerThousand());
        }
        return run.throughput();
    }

    /**
     * One saturation run with only {@code proxy} (if any) running; its CPU time is counted until it has gone quiet
     * after the run, since what it finishes then (compilations, collections, shadow copies) is that run's work.
     */
    private Measured saturate(HttpTarget client, String url, @Nullable ProxyProcess proxy) throws Exception {
        only(proxy);
        double cpuBefore = proxy == null ? 0 : proxy.cpuSeconds();
        long from = proxy == null ? 0 : proxy.uptimeMillis();
        LoadResult result = Saturation.run(request(client, url), CONNECTIONS, settings.loadRun());
        failures += result.failed();
        if (proxy == null) {
            return new Measured(result.throughput(), Double.NaN);
        }
        served.merge(proxy, result.completed(), Long::sum);
        proxy.awaitQuiet(QUIET);
        trace(proxy, "saturation " + url, from, result.completed(), proxy.cpuSeconds() - cpuBefore);
        return new Measured(result.throughput(), (proxy.cpuSeconds() - cpuBefore) / (result.completed() / 1000.0));
    }

    private record Measured(double throughput, double cpuPerThousand) {
    }

    private void fixedRate(HttpTarget client, String url, double rate, String figure, @Nullable ProxyProcess proxy)
            throws Exception {
        only(proxy);
        LoadResult result = OpenLoop.realTime().run(request(client, url), rate, settings.loadRun());
        failures += result.failed();
        if (proxy != null) {
            served.merge(proxy, result.completed(), Long::sum);
        }
        record(figure + ".throughput", result.throughput());
        record(figure + ".p50", result.p50Millis());
        record(figure + ".p99", result.p99Millis());
        if (proxy != null) {
            proxy.awaitQuiet(QUIET);
        }
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
        section.note("Only the gateway being measured runs: every other gateway process is stopped (SIGSTOP) meanwhile, "
                + "and after each run the harness waits until the measured one has gone quiet (at most "
                + QUIET.toSeconds() + " s) and counts its CPU until then. The kit's twin (a second JVM of the same "
                + "jar) and the baseline build run with the kit in mirrored order in every round (kit, partners, then "
                + "backwards); the kit's figure is the mean of its two runs. The twin's ratio, an A/A pair, is the "
                + "harness's own bias: × 1.00 is none.");
        section.note("Every gateway JVM is warmed until steady before the rounds: passes of a " + settings.warmUp()
                .toSeconds() + " s saturation run per path (the kit, its twin and the baseline build: every mode, then "
                + "the 20 ms backend) until two passes in a row set no new best (CPU per request more than "
                + Math.round(STEADY * 100) + "% below every pass before; " + MIN_PASSES + " to " + MAX_PASSES
                + " passes; the JIT only lowers it, a dearer pass is the machine's noise); after the warm-up and "
                + "between rounds the kit serves as many requests as its twin, then the twin, the baseline build and "
                + "the bare gateway serve as many "
                + "requests as the kit has (at most " + MAX_CATCH_UP_RUNS + " load runs each), so that pairs are "
                + "compared at equal traffic. Warm-ups: " + String.join("; ", warmUps) + ".");
        pairRows(section, "MONOLITH", TWIN, "its twin (A/A, the same jar)");
        if (figures.containsKey("pair.sat.MONOLITH" + BASELINE)) {
            section.note("\"The baseline build\" is a second kit JVM from "
                    + Objects.requireNonNullElse(System.getenv("BENCH_PROXY_BASELINE_JAR"), "the kit's jar")
                    + " (BENCH_PROXY_BASELINE_JAR) with the options \""
                    + Objects.requireNonNullElse(System.getenv("BENCH_PROXY_BASELINE_ARGS"), "")
                    + "\" (BENCH_PROXY_BASELINE_ARGS), run with the same rules and the same warm-up.");
            for (String mode : MODES.keySet()) {
                pairRows(section, mode, BASELINE, "the baseline build's");
            }
        }
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
        section.note("What a component of the kit costs is a bisection of its own (BENCH_PROXY_VARIANTS, bench/README.md), "
                + "not part of this section.");
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
        section.note("Where the targets not met stand (JFR profile of 2026-12-06: "
                + "bench/reports/proxy-profile-2026-12-06.md; idle bisection: bench/reports/2026-12-07T0540Z-proxy-"
                + "bisect.md): the kit's own code (routing decision, path normalisation, canary, traffic history, "
                + "header policy) was about 5% of the proxy's request-path CPU, spans and observations about a third. "
                + "Since 2026-12-07 the proxy makes no observation per request until an OTLP collector is named (it "
                + "carries traceparent and the log lines' trace id itself), so this run's kit pays neither spans nor "
                + "their timers; nor, since 2026-12-07 13:36, Reactor's automatic context propagation (limited "
                + "unless observing: × 1.21 of auto idle, bench/reports/2026-12-07T1336Z-proxy-limited-idle.md). "
                + "Nor the gateway's observation header filters, nor a second copy of the headers for the kit's own "
                + "(since 2026-12-07 16:30; profile: bench/reports/proxy-profile-2026-12-07.md, where header filters "
                + "were 24% of the kit's request path against 10% of the bare gateway's, each one a copy of the "
                + "headers). What is left of the gap is spread over the kit's features, none above 2-3% of the CPU "
                + "(bench/reports/proxy-profile-2026-12-07T1803Z.md): taken away one at a time, the response "
                + "timeout, Logback's metrics, the gateway's route filter cache and one copy of the headers for the "
                + "gateway's copy-and-strip filters and the kit's each left throughput within the run's noise "
                + "(× 0.98-1.01). The bare gateway's own rows above are the floor under ÷ direct, the added p99 and "
                + "the CPU per 1,000: the kit adds its features to that gateway, it cannot go below it. Flame graphs "
                + "of both gateways: bench/reports/flame-graphs-2026-12-07T2315Z/. Counting whole processes "
                + "(perf, idle, MONOLITH path only: bench/reports/2026-12-08T0128Z-proxy-whole-process-perf.md), the "
                + "kit took × 1.31 the bare gateway's CPU per request; three quarters of the difference is compiled "
                + "Java, spread over many parts of the request path, none above 1% (the kernel and the collector "
                + "are not it). SHADOW sends a second "
                + "request per request and compares the answers on the same two cores the client's request uses; its "
                + "p99 has no profile yet.");
        return section;
    }

    /** Throughput and CPU per 1,000 of the kit's runs ÷ its partner's runs next to them, in one mode. */
    private void pairRows(Section section, String mode, String partner, String name) {
        Spread kit = spread("pair.sat." + mode);
        Spread other = spread("pair.sat." + mode + partner);
        section.add(Row.of("no-work backend, max throughput, req/s: " + mode + " ÷ " + name, name + ": "
                + other.format(0), kit.format(0), "× " + kit.ratioTo(other).format(2)));
        Spread kitCpu = spread("pair.sat." + mode + ".cpu");
        Spread otherCpu = spread("pair.sat." + mode + partner + ".cpu");
        section.add(Row.of("proxy CPU-seconds per 1,000 requests at saturation: " + mode + " ÷ " + name,
                name + ": " + otherCpu.format(3), kitCpu.format(3), "× " + kitCpu.ratioTo(otherCpu).format(2)));
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
