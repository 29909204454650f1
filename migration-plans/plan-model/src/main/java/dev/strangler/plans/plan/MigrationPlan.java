package dev.strangler.plans.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One extraction, as its plan file describes it: the header (which monolith module becomes which service, and the
 * tables of each), which proxy rules the service takes over, the sync pipeline that carries the data, and the phases
 * in order.
 *
 * @param header what the architecture rules read: name, why, monolith and service sides, write cutover
 * @param endpoints the proxy rules the plan moves
 * @param pipeline the cdc-sync pipeline between the shared database and the service's
 * @param phases in order, at least two
 * @param file where the plan was read from
 */
public record MigrationPlan(PlanHeader header, List<Endpoint> endpoints, String pipeline, List<PlanPhase> phases,
        Path file) {

    public MigrationPlan {
        endpoints = List.copyOf(endpoints);
        phases = List.copyOf(phases);
    }

    /** The plan's name, e.g. {@code customers}; also the name of its state file. */
    public String name() {
        return header.name();
    }

    /** Why this extraction happens. */
    public String why() {
        return header.why();
    }

    /** The service's name, also the proxy's backend name of the service. */
    public String service() {
        return header.service().name();
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
