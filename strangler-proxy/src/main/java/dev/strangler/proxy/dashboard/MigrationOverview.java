package dev.strangler.proxy.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;
import dev.strangler.proxy.routing.Routes;
import dev.strangler.proxy.shadow.ShadowReports;

/**
 * Everything the dashboard polls, in one consistent read: the catalogue from the live route table, traffic,
 * errors, fallbacks and rollbacks from the proxy's own meters (so the page and {@code /admin/metrics} never
 * disagree), shadow figures per rule, and how much of the system the services already serve.
 */
final class MigrationOverview {

    // Outcomes of strangler.proxy.requests that mean the answering side failed (4xx are the caller's business).
    private static final List<String> FAILED_OUTCOMES = List.of("server_error", "unavailable", "error");

    private final Routes routes;

    private final MeterRegistry registry;

    private final ShadowReports shadow;

    MigrationOverview(Routes routes, MeterRegistry registry, ShadowReports shadow) {
        this.routes = routes;
        this.registry = registry;
        this.shadow = shadow;
    }

    /** Per rule (and {@code default} for unmatched requests): requests by target, failures, fallbacks, rollbacks. */
    static final class Traffic {

        final Map<String, Long> byTarget = new TreeMap<>();

        long requests;

        long failed;

        long fallbacks;

        long rollbacks;

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("requests", this.requests);
            view.put("byTarget", this.byTarget);
            view.put("failed", this.failed);
            view.put("fallbacks", this.fallbacks);
            view.put("rollbacks", this.rollbacks);
            return view;
        }

    }

    Map<String, Object> read(String actor) {
        RouteTable table = this.routes.current();
        Map<String, Traffic> traffic = traffic();
        long requests = 0;
        long servedByServices = 0;
        for (Map.Entry<String, Traffic> rule : traffic.entrySet()) {
            if ("none".equals(rule.getKey())) {
                continue; // refused before routing (ambiguous paths): served by nobody
            }
            for (Map.Entry<String, Long> target : rule.getValue().byTarget.entrySet()) {
                requests += target.getValue();
                if (!RouteTable.MONOLITH.equals(target.getKey()) && !"none".equals(target.getKey())) {
                    servedByServices += target.getValue();
                }
            }
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        double endpointsOnServices = 0;
        for (RouteRule rule : table.rules()) {
            endpointsOnServices += serviceShare(rule);
            rules.add(rule(rule, traffic.getOrDefault(rule.id(), new Traffic())));
        }
        Map<String, Object> migrated = new LinkedHashMap<>();
        migrated.put("endpoints", table.rules().size());
        migrated.put("endpointsOnServices", endpointsOnServices);
        migrated.put("byEndpoints", table.rules().isEmpty() ? 0.0 : endpointsOnServices / table.rules().size());
        migrated.put("requests", requests);
        migrated.put("requestsToServices", servedByServices);
        migrated.put("byRequests", (requests == 0) ? 0.0 : (double) servedByServices / requests);

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", Instant.now().toString());
        view.put("actor", actor);
        view.put("migrated", migrated);
        view.put("rules", rules);
        view.put("unmatched", traffic.getOrDefault("default", new Traffic()).view());
        return view;
    }

    /**
     * A rule's share of its endpoint already on the service: all in SERVICE, its percent in CANARY; none on HOLD,
     * which answers no one while the sync switches.
     */
    static double serviceShare(RouteRule rule) {
        return switch (rule.mode()) {
            case SERVICE -> 1.0;
            case CANARY -> rule.percent() / 100.0;
            case MONOLITH, SHADOW, HOLD -> 0.0;
        };
    }

    private Map<String, Object> rule(RouteRule rule, Traffic traffic) {
        Map<String, Object> view = new LinkedHashMap<>(rule.describe());
        view.put("traffic", traffic.view());
        ShadowReports.ShadowReport report = this.shadow.report(rule.id());
        Map<String, Object> shadowView = new LinkedHashMap<>();
        shadowView.put("compared", report.compared());
        shadowView.put("matched", report.matched());
        shadowView.put("differed", report.differed());
        shadowView.put("failed", report.failed());
        shadowView.put("skipped", report.skipped());
        shadowView.put("diffRate", report.diffRate());
        shadowView.put("latestDiffs", report.latestDiffs());
        view.put("shadow", shadowView);
        view.put("shadowing", rule.mode() == RouteMode.SHADOW);
        return view;
    }

    private Map<String, Traffic> traffic() {
        Map<String, Traffic> byRule = new TreeMap<>();
        for (Counter counter : this.registry.find(ProxyMetrics.REQUESTS).counters()) {
            Traffic traffic = byRule.computeIfAbsent(tag(counter, "rule"), (rule) -> new Traffic());
            long count = (long) counter.count();
            traffic.requests += count;
            traffic.byTarget.merge(tag(counter, "target"), count, Long::sum);
            if (FAILED_OUTCOMES.contains(tag(counter, "outcome"))) {
                traffic.failed += count;
            }
        }
        for (Counter counter : this.registry.find(ProxyMetrics.FALLBACKS).counters()) {
            byRule.computeIfAbsent(tag(counter, "rule"), (rule) -> new Traffic()).fallbacks += (long) counter.count();
        }
        for (Counter counter : this.registry.find(ProxyMetrics.ROLLBACKS).counters()) {
            byRule.computeIfAbsent(tag(counter, "rule"), (rule) -> new Traffic()).rollbacks += (long) counter.count();
        }
        return byRule;
    }

    private static String tag(Counter counter, String key) {
        String value = counter.getId().getTag(key);
        return (value != null) ? value : "none";
    }

}
