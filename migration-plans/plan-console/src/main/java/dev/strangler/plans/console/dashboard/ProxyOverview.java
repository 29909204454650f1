package dev.strangler.plans.console.dashboard;

import dev.strangler.plans.admin.AdminClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the dashboard polls of the proxy, read from its admin API in one go: the catalogue ({@code /admin/routes}),
 * traffic, errors, fallbacks and rollbacks from its meters ({@code /admin/metrics}, so the page and the proxy never
 * disagree), shadow figures per rule ({@code /admin/routes/{id}/shadow}), and how much of the system the services
 * already serve.
 */
final class ProxyOverview {

    static final String MONOLITH = "monolith";

    // Outcomes of strangler.proxy.requests that mean the answering side failed (4xx are the caller's business).
    static final List<String> FAILED_OUTCOMES = List.of("server_error", "unavailable", "error");

    private ProxyOverview() {
    }

    /** Per rule (and {@code default} for unmatched requests): requests by target, failures, fallbacks, rollbacks. */
    static final class Traffic {

        final Map<String, Long> byTarget = new TreeMap<>();

        final Map<String, Long> failedByTarget = new TreeMap<>();

        long requests;

        long failed;

        long fallbacks;

        long rollbacks;

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("requests", requests);
            view.put("byTarget", byTarget);
            view.put("failed", failed);
            view.put("fallbacks", fallbacks);
            view.put("rollbacks", rollbacks);
            return view;
        }
    }

    static Map<String, Object> read(AdminClient proxy, String actor) {
        JsonNode rules = proxy.get("/admin/routes");
        Map<String, Traffic> traffic = traffic(proxy.get("/admin/metrics"));
        long requests = 0;
        long servedByServices = 0;
        for (Map.Entry<String, Traffic> rule : traffic.entrySet()) {
            if ("none".equals(rule.getKey())) {
                continue; // refused before routing (ambiguous paths): served by nobody
            }
            for (Map.Entry<String, Long> target : rule.getValue().byTarget.entrySet()) {
                requests += target.getValue();
                if (!MONOLITH.equals(target.getKey()) && !"none".equals(target.getKey())) {
                    servedByServices += target.getValue();
                }
            }
        }
        List<Map<String, Object>> views = new ArrayList<>();
        double endpointsOnServices = 0;
        for (JsonNode rule : rules) {
            endpointsOnServices += serviceShare(rule.path("mode").asString(), rule.path("percent").asInt());
            Map<String, Object> view = new LinkedHashMap<>();
            rule.properties().forEach(field -> view.put(field.getKey(), field.getValue()));
            view.put("traffic", traffic.getOrDefault(rule.path("id").asString(), new Traffic()).view());
            view.put("shadow", proxy.get("/admin/routes/" + rule.path("id").asString() + "/shadow"));
            view.put("shadowing", "SHADOW".equals(rule.path("mode").asString()));
            views.add(view);
        }
        Map<String, Object> migrated = new LinkedHashMap<>();
        migrated.put("endpoints", views.size());
        migrated.put("endpointsOnServices", endpointsOnServices);
        migrated.put("byEndpoints", views.isEmpty() ? 0.0 : endpointsOnServices / views.size());
        migrated.put("requests", requests);
        migrated.put("requestsToServices", servedByServices);
        migrated.put("byRequests", (requests == 0) ? 0.0 : (double) servedByServices / requests);

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", Instant.now().toString());
        view.put("actor", actor);
        view.put("migrated", migrated);
        view.put("rules", views);
        view.put("unmatched", traffic.getOrDefault("default", new Traffic()).view());
        return view;
    }

    /**
     * A rule's share of its endpoint already on the service: all in SERVICE, its percent in CANARY; none on HOLD,
     * which answers no one while the sync switches.
     */
    static double serviceShare(String mode, int percent) {
        return switch (mode) {
            case "SERVICE" -> 1.0;
            case "CANARY" -> percent / 100.0;
            default -> 0.0;
        };
    }

    /** The proxy's request, fallback and rollback counters per rule, from its {@code /admin/metrics} answer. */
    static Map<String, Traffic> traffic(JsonNode meters) {
        Map<String, Traffic> byRule = new TreeMap<>();
        for (JsonNode meter : meters) {
            String name = meter.path("name").asString();
            JsonNode tags = meter.path("tags");
            long count = (long) meter.path("values").path("count").asDouble();
            Traffic traffic = byRule.computeIfAbsent(tags.path("rule").asString("none"), rule -> new Traffic());
            switch (name) {
                case "strangler.proxy.requests" -> {
                    String target = tags.path("target").asString("none");
                    traffic.requests += count;
                    traffic.byTarget.merge(target, count, Long::sum);
                    if (FAILED_OUTCOMES.contains(tags.path("outcome").asString())) {
                        traffic.failed += count;
                        traffic.failedByTarget.merge(target, count, Long::sum);
                    }
                }
                case "strangler.proxy.fallbacks" -> traffic.fallbacks += count;
                case "strangler.proxy.rollbacks" -> traffic.rollbacks += count;
                default -> {
                    // other meters: not shown here
                }
            }
        }
        return byRule;
    }
}
