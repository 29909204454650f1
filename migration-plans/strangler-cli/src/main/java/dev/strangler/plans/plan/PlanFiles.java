package dev.strangler.plans.plan;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads plan files: YAML, checked against the published schema, then for what a schema cannot say (every phase sets
 * every endpoint of the plan and only those, phase names are unique, shadow gates need a SHADOW route). A plan that
 * does not hold is refused with {@link InvalidPlanException}: file, line, reason. Nothing is half-read.
 */
public final class PlanFiles {

    /** How far back the proxy keeps per-route traffic: a longer window could never be covered. */
    private static final Duration PROXY_HISTORY = Duration.ofHours(24);

    private final SchemaCheck schema = SchemaCheck.published();

    /** Every {@code *.yaml} plan in the directory, by file name. */
    public List<MigrationPlan> loadAll(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().matches(".*\\.ya?ml")).sorted()
                    .map(this::load).toList();
        }
        catch (IOException ex) {
            throw new InvalidPlanException(directory, 0, "cannot list plans: " + ex.getMessage());
        }
    }

    /** The plan named {@code name} in the directory ({@code <name>.yaml}, else the file whose {@code plan} it is). */
    public MigrationPlan named(Path directory, String name) {
        Path file = directory.resolve(name + ".yaml");
        if (Files.isRegularFile(file)) {
            return load(file);
        }
        return loadAll(directory).stream().filter(plan -> plan.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidPlanException(directory, 0, "no plan named '" + name + "'"));
    }

    public MigrationPlan load(Path file) {
        Node document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        }
        catch (MarkedYAMLException ex) {
            Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
            throw new InvalidPlanException(file, mark == null ? 0 : mark.getLine() + 1,
                    "not valid YAML: " + ex.getProblem());
        }
        catch (IOException | YAMLException ex) {
            throw new InvalidPlanException(file, 0, "cannot read: " + ex.getMessage());
        }
        if (document == null) {
            throw new InvalidPlanException(file, 0, "is empty");
        }
        List<SchemaCheck.Problem> problems = schema.check(document);
        if (!problems.isEmpty()) {
            SchemaCheck.Problem first = problems.get(0);
            String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : "";
            throw new InvalidPlanException(file, first.line(), first.path() + ": " + first.reason() + more);
        }
        return read(file, (MappingNode) document);
    }

    private static MigrationPlan read(Path file, MappingNode root) {
        Fields plan = new Fields(file, root);
        List<MigrationPlan.Endpoint> endpoints = new ArrayList<>();
        for (Node node : plan.list("endpoints")) {
            Fields endpoint = new Fields(file, (MappingNode) node);
            List<String> methods = endpoint.list("methods").stream().map(method -> ((ScalarNode) method).getValue())
                    .toList();
            MigrationPlan.Endpoint read = new MigrationPlan.Endpoint(endpoint.text("rule"), methods,
                    endpoint.text("path"));
            if (endpoints.stream().anyMatch(known -> known.rule().equals(read.rule()))) {
                throw endpoint.problem("rule", "endpoint rule '" + read.rule() + "' is listed twice");
            }
            endpoints.add(read);
        }
        List<String> rules = endpoints.stream().map(MigrationPlan.Endpoint::rule).toList();
        List<PlanPhase> phases = new ArrayList<>();
        for (Node node : plan.list("phases")) {
            Fields phase = new Fields(file, (MappingNode) node);
            String name = phase.text("name");
            if (phases.stream().anyMatch(known -> known.name().equals(name))) {
                throw phase.problem("name", "phase '" + name + "' is named twice");
            }
            Fields routeNodes = phase.section("routes");
            Map<String, RouteSetting> routes = new LinkedHashMap<>();
            for (NodeTuple tuple : routeNodes.mapping().getValue()) {
                String rule = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (!rules.contains(rule)) {
                    throw new InvalidPlanException(file, line(tuple.getKeyNode()), "phase '" + name + "': route '"
                            + rule + "' is not one of the plan's endpoints " + rules);
                }
                try {
                    routes.put(rule, RouteSetting.parse(((ScalarNode) tuple.getValueNode()).getValue()));
                }
                catch (IllegalArgumentException ex) {
                    throw new InvalidPlanException(file, line(tuple.getValueNode()), "phase '" + name + "': route '"
                            + rule + "': " + ex.getMessage());
                }
            }
            List<String> missing = rules.stream().filter(rule -> !routes.containsKey(rule)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidPlanException(file, line(routeNodes.mapping()), "phase '" + name
                        + "' does not set the route of " + missing + "; every phase sets every endpoint");
            }
            Map<String, RouteSetting> ordered = new LinkedHashMap<>();
            rules.forEach(rule -> ordered.put(rule, routes.get(rule)));
            Gates gates = gates(phase.section("gates"));
            if ((gates.shadowComparedAtLeast() != null || gates.shadowDiffRateBelow() != null)
                    && routes.values().stream().noneMatch(setting -> "SHADOW".equals(setting.mode()))) {
                throw phase.problem("gates", "phase '" + name + "' has shadow gates but no route in SHADOW mode");
            }
            phases.add(new PlanPhase(name, phase.text("why"), ordered, SyncDirection.valueOf(phase.text("sync")),
                    gates));
        }
        return new MigrationPlan(plan.text("plan"), plan.text("why"), plan.section("service").text("name"),
                endpoints, plan.section("sync").text("pipeline"), phases, file);
    }

    private static Gates gates(Fields gates) {
        Gates.CountInWindow monolithRequests = countInWindow(gates, "monolithRequestsAtMost");
        if (monolithRequests != null && monolithRequests.window().compareTo(PROXY_HISTORY) > 0) {
            throw gates.section("monolithRequestsAtMost").problem("for", "monolithRequestsAtMost: window "
                    + monolithRequests.windowText() + " is longer than the proxy's traffic history (24h)");
        }
        return new Gates(Boolean.parseBoolean(gates.optional("verifierClean").orElse("false")),
                gates.optional("syncLagBelowMillis").map(Long::valueOf).orElse(null),
                gates.optional("shadowDiffRateBelow").map(Double::valueOf).orElse(null),
                gates.optional("shadowComparedAtLeast").map(Long::valueOf).orElse(null),
                gates.optional("errorRateBelow").map(Double::valueOf).orElse(null),
                gates.optional("serviceRequestsAtLeast").map(Long::valueOf).orElse(null),
                monolithRequests, countInWindow(gates, "strayWritesAtMost"),
                Boolean.parseBoolean(gates.optional("archRulesClean").orElse("false")));
    }

    private static Gates.@Nullable CountInWindow countInWindow(Fields gates, String key) {
        if (!(gates.node(key) instanceof MappingNode)) {
            return null;
        }
        Fields bound = gates.section(key);
        return new Gates.CountInWindow(Long.parseLong(bound.text("atMost")),
                Gates.CountInWindow.parseWindow(bound.text("for")));
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** Keyed access to a mapping the schema has already checked. */
    private record Fields(Path file, MappingNode mapping) {

        @Nullable Node node(String key) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
            return null;
        }

        String text(String key) {
            return optional(key).orElseThrow(() -> problem(key, "'" + key + "' is required"));
        }

        Optional<String> optional(String key) {
            return node(key) instanceof ScalarNode scalar ? Optional.of(scalar.getValue().strip()) : Optional.empty();
        }

        Fields section(String key) {
            return new Fields(file, (MappingNode) java.util.Objects.requireNonNull(node(key), key));
        }

        List<Node> list(String key) {
            return ((SequenceNode) java.util.Objects.requireNonNull(node(key), key)).getValue();
        }

        InvalidPlanException problem(String key, String reason) {
            Node at = node(key);
            return new InvalidPlanException(file, line(at != null ? at : mapping), reason);
        }
    }
}
