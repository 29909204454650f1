package dev.strangler.plans.console.dashboard;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.console.EngineClients;
import dev.strangler.plans.runner.PlanStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The last 15 minutes of the engines' figures, for the dashboard's charts. The proxy keeps only counters since it
 * started and cdc-sync only the current lag, so the console samples both every few seconds into its own ring (in
 * memory: a restart of the console starts it afresh), and the charts show the differences between samples: requests
 * per second by backend, the service's and the monolith's error rates and the shadow diff rate per rule, and each
 * pipeline's lag. Route flips (the proxy's audit log) and plan moves (the plan audit log) are marked on the time axis.
 */
final class ChartHistory implements AutoCloseable {

    static final Duration SPAN = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(ChartHistory.class);

    /** One rule's counters at one sample. */
    record RuleCounters(Map<String, Long> requests, Map<String, Long> failed, long compared, long differed) {
    }

    /** What the engines gave at one instant; a map is empty when that engine could not be read. */
    record Sample(Instant at, Map<String, RuleCounters> rules, Map<String, Long> lagMillis) {
    }

    private final EngineClients engines;

    private final PlanStates plans;

    private final Clock clock;

    private final Duration every;

    private final Deque<Sample> samples = new ArrayDeque<>();

    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dashboard-chart-sampler");
        thread.setDaemon(true);
        return thread;
    });

    ChartHistory(EngineClients engines, PlanStates plans, Clock clock, Duration every) {
        this.engines = engines;
        this.plans = plans;
        this.clock = clock;
        this.every = every;
    }

    void start() {
        sampler.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /** Reads both engines once and keeps what they gave; an engine that is down leaves a gap, never an error. */
    void sample() {
        Instant now = clock.instant();
        Map<String, RuleCounters> rules = new TreeMap<>();
        Map<String, Long> lag = new TreeMap<>();
        try {
            rules.putAll(counters(engines.proxy().get("/admin/metrics")));
        }
        catch (RuntimeException ex) {
            log.debug("Chart sample without the proxy: {}", ex.getMessage());
        }
        try {
            for (JsonNode pipeline : engines.sync().get("/pipelines")) {
                JsonNode value = pipeline.get("lagMillis");
                if (value != null && value.isNumber()) {
                    lag.put(pipeline.path("name").asString(pipeline.path("pipeline").asString("?")), value.asLong());
                }
            }
        }
        catch (RuntimeException ex) {
            log.debug("Chart sample without cdc-sync: {}", ex.getMessage());
        }
        synchronized (samples) {
            samples.addLast(new Sample(now, rules, lag));
            while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(SPAN))) {
                samples.removeFirst();
            }
        }
    }

    static Map<String, RuleCounters> counters(JsonNode meters) {
        Map<String, Map<String, Long>> requests = new TreeMap<>();
        Map<String, Map<String, Long>> failed = new TreeMap<>();
        Map<String, long[]> shadow = new TreeMap<>();
        for (JsonNode meter : meters) {
            JsonNode tags = meter.path("tags");
            String rule = tags.path("rule").asString("");
            long count = (long) meter.path("values").path("count").asDouble();
            if (rule.isEmpty() || "none".equals(rule)) {
                continue;
            }
            switch (meter.path("name").asString()) {
                case "strangler.proxy.requests" -> {
                    String target = tags.path("target").asString("none");
                    requests.computeIfAbsent(rule, r -> new TreeMap<>()).merge(target, count, Long::sum);
                    if (ProxyOverview.FAILED_OUTCOMES.contains(tags.path("outcome").asString())) {
                        failed.computeIfAbsent(rule, r -> new TreeMap<>()).merge(target, count, Long::sum);
                    }
                }
                case "strangler.proxy.shadow.comparisons" -> {
                    String result = tags.path("result").asString();
                    long[] figures = shadow.computeIfAbsent(rule, r -> new long[2]);
                    if ("match".equals(result) || "diff".equals(result)) {
                        figures[0] += count;
                    }
                    if ("diff".equals(result)) {
                        figures[1] += count;
                    }
                }
                default -> {
                    // other meters are not charted
                }
            }
        }
        Map<String, RuleCounters> rules = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>(requests.keySet());
        names.addAll(shadow.keySet());
        for (String rule : names) {
            long[] figures = shadow.getOrDefault(rule, new long[2]);
            rules.put(rule, new RuleCounters(requests.getOrDefault(rule, Map.of()), failed.getOrDefault(rule, Map.of()),
                    figures[0], figures[1]));
        }
        return rules;
    }

    /**
     * The charts' data: one time axis (epoch seconds, one point per sample after the first) and, aligned with it,
     * per rule the requests per second by backend, the error rates of the service and of the monolith and the shadow
     * diff rate, per pipeline the lag; {@code null} where there is no figure (an engine down, a counter reset by a
     * restart, no request to divide by). {@code marks} are the route flips and plan moves in the span.
     */
    Map<String, Object> view() {
        List<Sample> taken;
        synchronized (samples) {
            taken = new ArrayList<>(samples);
        }
        Instant now = clock.instant();
        List<Long> times = new ArrayList<>();
        Map<String, Map<String, List<@Nullable Double>>> rules = new TreeMap<>();
        Map<String, List<@Nullable Double>> lags = new TreeMap<>();
        for (int i = 1; i < taken.size(); i++) {
            Sample before = taken.get(i - 1);
            Sample after = taken.get(i);
            int point = times.size();
            times.add(after.at().getEpochSecond());
            double seconds = Math.max(0.001, Duration.between(before.at(), after.at()).toMillis() / 1000.0);
            for (Map.Entry<String, RuleCounters> rule : after.rules().entrySet()) {
                RuleCounters previous = before.rules().get(rule.getKey());
                Map<String, List<@Nullable Double>> series = rules.computeIfAbsent(rule.getKey(), r -> new TreeMap<>());
                RuleCounters current = rule.getValue();
                long serviceRequests = 0;
                long serviceFailed = 0;
                long monolithRequests = 0;
                long monolithFailed = 0;
                boolean reset = previous == null;
                for (Map.Entry<String, Long> target : current.requests().entrySet()) {
                    long delta = target.getValue() - (previous == null ? 0 : previous.requests()
                            .getOrDefault(target.getKey(), 0L));
                    long failedDelta = current.failed().getOrDefault(target.getKey(), 0L) - (previous == null ? 0
                            : previous.failed().getOrDefault(target.getKey(), 0L));
                    reset |= delta < 0 || failedDelta < 0;
                    put(series, "requests:" + target.getKey(), point, reset ? null : delta / seconds);
                    if (ProxyOverview.MONOLITH.equals(target.getKey())) {
                        monolithRequests += delta;
                        monolithFailed += failedDelta;
                    }
                    else if (!"none".equals(target.getKey())) {
                        serviceRequests += delta;
                        serviceFailed += failedDelta;
                    }
                }
                long compared = current.compared() - (previous == null ? 0 : previous.compared());
                long differed = current.differed() - (previous == null ? 0 : previous.differed());
                put(series, "serviceErrorRate", point, rate(reset, serviceFailed, serviceRequests));
                put(series, "monolithErrorRate", point, rate(reset, monolithFailed, monolithRequests));
                put(series, "shadowDiffRate", point, rate(reset || compared < 0, differed, compared));
            }
            for (Map.Entry<String, Long> lag : after.lagMillis().entrySet()) {
                put(lags, lag.getKey(), point, (double) lag.getValue());
            }
        }
        int length = times.size();
        rules.values().forEach(series -> series.values().forEach(values -> pad(values, length)));
        lags.values().forEach(values -> pad(values, length));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("from", now.minus(SPAN).getEpochSecond());
        view.put("to", now.getEpochSecond());
        view.put("sampleEverySeconds", every.toMillis() / 1000.0);
        view.put("times", times);
        view.put("rules", rules);
        view.put("pipelines", lags);
        view.put("marks", marks(now.minus(SPAN)));
        return view;
    }

    /** Route flips from the proxy's audit log and plan moves from the plan audit log, oldest first. */
    private List<Map<String, Object>> marks(Instant since) {
        List<Map<String, Object>> marks = new ArrayList<>();
        try {
            for (JsonNode flip : engines.proxy().get("/admin/audit?limit=200")) {
                Instant at = instant(flip.path("at").asString(""));
                if (at != null && !at.isBefore(since)) {
                    marks.add(mark(at, "route", flip.path("rule").asString(), flip.path("rule").asString() + " → "
                            + flip.path("toMode").asString() + ("CANARY".equals(flip.path("toMode").asString())
                                    ? " " + flip.path("toPercent").asInt() + "%" : "") + " by "
                            + flip.path("actor").asString()));
                }
            }
        }
        catch (AdminClient.AdminException ex) {
            log.debug("Chart marks without the proxy's audit log: {}", ex.getMessage());
        }
        for (JsonNode move : plans.auditEntries()) {
            Instant at = instant(move.path("at").asString(""));
            if (at != null && !at.isBefore(since) && "done".equals(move.path("outcome").asString())) {
                marks.add(mark(at, "plan", move.path("plan").asString(), move.path("plan").asString() + " "
                        + move.path("action").asString() + " → " + move.path("to").asString() + " by "
                        + move.path("actor").asString()));
            }
        }
        marks.sort((a, b) -> Long.compare((long) a.get("at"), (long) b.get("at")));
        return marks;
    }

    private static Map<String, Object> mark(Instant at, String kind, String subject, String label) {
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("at", at.getEpochSecond());
        mark.put("kind", kind);
        mark.put("subject", subject);
        mark.put("label", label);
        return mark;
    }

    private static @Nullable Instant instant(String text) {
        try {
            return Instant.parse(text);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static @Nullable Double rate(boolean reset, long part, long whole) {
        return (reset || whole <= 0 || part < 0) ? null : (double) part / whole;
    }

    private static void put(Map<String, List<@Nullable Double>> series, String name, int point,
            @Nullable Double value) {
        List<@Nullable Double> values = series.computeIfAbsent(name, n -> new ArrayList<>());
        pad(values, point);
        values.add(value);
    }

    private static void pad(List<@Nullable Double> values, int length) {
        while (values.size() < length) {
            values.add(null);
        }
    }
}
