package dev.strangler.plans.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's counters at one moment. They only grow (until the proxy restarts), so a phase's figures are the
 * difference between now and the snapshot taken when the phase was entered.
 *
 * @param requests request counts keyed {@code rule target outcome}
 * @param shadow shadow comparison counts per rule
 */
public record Figures(Map<String, Long> requests, Map<String, Shadow> shadow) {

    /** Shadow comparisons of one rule; {@code latestDiffs} is informative, never subtracted. */
    public record Shadow(long compared, long differed, long failed, List<String> latestDiffs) {
    }

    public Figures {
        requests = Map.copyOf(requests);
        shadow = Map.copyOf(shadow);
    }

    public static Figures none() {
        return new Figures(Map.of(), Map.of());
    }

    static String key(String rule, String target, String outcome) {
        return rule + " " + target + " " + outcome;
    }

    /** What happened since {@code before}; a counter that went down (the proxy restarted) counts from zero. */
    public Figures since(Figures before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        requests.forEach((key, now) -> {
            long then = before.requests.getOrDefault(key, 0L);
            delta.put(key, now >= then ? now - then : now);
        });
        Map<String, Shadow> shadowDelta = new LinkedHashMap<>();
        shadow.forEach((rule, now) -> {
            Shadow then = before.shadow.getOrDefault(rule, new Shadow(0, 0, 0, List.of()));
            boolean restarted = now.compared < then.compared || now.failed < then.failed;
            shadowDelta.put(rule, restarted ? now : new Shadow(now.compared - then.compared,
                    now.differed - then.differed, now.failed - then.failed, now.latestDiffs));
        });
        return new Figures(delta, shadowDelta);
    }

    /** Requests of these rules by answering backend. */
    public Map<String, Long> byTarget(List<String> rules) {
        Map<String, Long> split = new LinkedHashMap<>();
        requests.forEach((key, count) -> {
            String[] parts = key.split(" ");
            if (rules.contains(parts[0]) && count > 0) {
                split.merge(parts[1], count, Long::sum);
            }
        });
        return split;
    }

    /** Requests of these rules the service answered itself (successfully or not), plus reads that fell back. */
    public long serviceRequests(String service, List<String> rules) {
        return sum(rules, (target, outcome) -> target.equals(service) || "fallback".equals(outcome));
    }

    /** The service's failures: 5xx, no answer, writes refused as unavailable, and reads that fell back. */
    public long serviceErrors(String service, List<String> rules) {
        return sum(rules, (target, outcome) -> (target.equals(service)
                && List.of("server_error", "error", "unavailable").contains(outcome)) || "fallback".equals(outcome));
    }

    private long sum(List<String> rules, java.util.function.BiPredicate<String, String> counts) {
        long sum = 0;
        for (Map.Entry<String, Long> entry : requests.entrySet()) {
            String[] parts = entry.getKey().split(" ");
            if (rules.contains(parts[0]) && counts.test(parts[1], parts[2])) {
                sum += entry.getValue();
            }
        }
        return sum;
    }
}
