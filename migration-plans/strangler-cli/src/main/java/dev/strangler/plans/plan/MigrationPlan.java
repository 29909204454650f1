package dev.strangler.plans.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One extraction, as its plan file describes it: which service takes over which proxy rules, the sync pipeline that
 * carries the data, and the phases in order.
 *
 * @param name the plan's name, e.g. {@code customers}; also the name of its state file
 * @param why why this extraction happens
 * @param service the service's name, also the proxy's backend name of the service
 * @param endpoints the proxy rules the plan moves
 * @param pipeline the cdc-sync pipeline between the shared database and the service's
 * @param phases in order, at least two
 * @param file where the plan was read from
 */
public record MigrationPlan(String name, String why, String service, List<Endpoint> endpoints, String pipeline,
        List<PlanPhase> phases, Path file) {

    public MigrationPlan {
        endpoints = List.copyOf(endpoints);
        phases = List.copyOf(phases);
    }

    /** A proxy endpoint rule the plan moves. */
    public record Endpoint(String rule, List<String> methods, String path) {

        public Endpoint {
            methods = List.copyOf(methods);
        }

        /** Whether the rule carries writes (any method other than GET, HEAD, OPTIONS). */
        public boolean isWrite() {
            return methods.stream().anyMatch(method -> !List.of("GET", "HEAD", "OPTIONS").contains(method));
        }
    }

    public PlanPhase phase(int index) {
        return phases.get(index);
    }

    public Optional<Integer> indexOf(String phase) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).name().equals(phase)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
