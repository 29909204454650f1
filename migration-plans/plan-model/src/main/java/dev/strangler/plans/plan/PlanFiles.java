package dev.strangler.plans.plan;

import dev.strangler.support.schema.InvalidYamlException;
import dev.strangler.support.schema.YamlDocument;
import dev.strangler.support.schema.YamlPath;
import dev.strangler.support.schema.YamlProblem;
import dev.strangler.support.schema.YamlSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The one reader of plan files, for the CLI, the plan runner, the architecture rules and the console. A file is read
 * as YAML (a duplicate key is refused), checked against the published schema ({@code plans/plan.schema.json},
 * packaged as {@value #SCHEMA}), then for what a schema cannot say: every phase sets every endpoint of the plan and
 * only those, endpoint rules and phase names are unique, shadow gates need a SHADOW route, a monolith-request window
 * fits the proxy's traffic history, and all plans of a directory describe one monolith. A plan that does not hold is
 * refused with {@link InvalidPlanException}: file, line, key path and reason. Nothing is half-read.
 */
public final class PlanFiles {

    /** The published schema on the class path (a copy of {@code migration-plans/plans/plan.schema.json}). */
    public static final String SCHEMA = "/schema/plan.schema.json";

    /** System property that points {@link #locate()} at a plans directory; otherwise it searches. */
    public static final String DIRECTORY_PROPERTY = "strangler.plans";

    /** Where plans live in a Strangler Kit repository, relative to its root. */
    public static final Path REPOSITORY_DIRECTORY = Path.of("migration-plans", "plans");

    /** How far back the proxy keeps per-route traffic: a longer window could never be covered. */
    private static final Duration PROXY_HISTORY = Duration.ofHours(24);

    /** Loaded once: building the validator is the expensive part, checking a file is cheap. */
    private static final class Published {
        static final YamlSchema SCHEMA = YamlSchema.fromResource(PlanFiles.class, PlanFiles.SCHEMA);
    }

    /** Every {@code *.yaml} / {@code *.yml} plan in the directory, by file name; they must share one monolith. */
    public List<MigrationPlan> loadAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidPlanException(directory, 0, "is not a directory of plans");
        }
        List<MigrationPlan> plans;
        try (Stream<Path> files = Files.list(directory)) {
            plans = files.filter(file -> file.getFileName().toString().matches(".*\\.ya?ml")).sorted()
                    .map(this::load).toList();
        }
        catch (IOException ex) {
            throw new InvalidPlanException(directory, 0, "cannot list plans: " + ex.getMessage());
        }
        for (MigrationPlan plan : plans) {
            String first = plans.get(0).header().monolith().basePackage();
            String own = plan.header().monolith().basePackage();
            if (!own.equals(first)) {
                YamlPath path = YamlPath.root().key("monolith").key("basePackage");
                throw new InvalidPlanException(plan.file(), lineOf(plan.file(), path), path + ": is " + own
                        + " but plan " + plans.get(0).name() + " says " + first
                        + "; all plans of a directory describe the same monolith");
            }
        }
        return plans;
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

    /** One plan file. */
    public MigrationPlan load(Path file) {
        YamlDocument document = document(file);
        Published.SCHEMA.firstProblem(document).ifPresent(problem -> {
            throw new InvalidPlanException(file, problem.line(), problem.path() + ": " + problem.reason());
        });
        return new Reader(file, document).plan();
    }

    /**
     * The plans of the repository this process runs in: the directory named by the system property
     * {@value #DIRECTORY_PROPERTY}, else the nearest {@code migration-plans/plans} found from the working directory
     * upwards (a module's tests run in the module's directory).
     */
    public List<MigrationPlan> locate() {
        return loadAll(locateDirectory().orElseThrow(() -> new InvalidPlanException(Path.of(""), 0,
                "no plans directory: set -D" + DIRECTORY_PROPERTY + "=<dir> or run inside a repository with "
                        + REPOSITORY_DIRECTORY)));
    }

    /** The headers of {@link #locate()}: what the architecture rules read. */
    public List<PlanHeader> locateHeaders() {
        return locate().stream().map(MigrationPlan::header).toList();
    }

    /** The directory {@link #locate()} reads, if there is one. */
    public static Optional<Path> locateDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(REPOSITORY_DIRECTORY);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static YamlDocument document(Path file) {
        YamlDocument document;
        try {
            document = YamlDocument.read(Files.newInputStream(file));
        }
        catch (InvalidYamlException ex) {
            YamlProblem problem = ex.problem();
            throw new InvalidPlanException(file, problem.line(), problem.path().isRoot() ? problem.reason()
                    : problem.path() + ": " + problem.reason());
        }
        catch (IOException | java.io.UncheckedIOException ex) {
            throw new InvalidPlanException(file, 0, "cannot read: " + ex.getMessage());
        }
        if (document.isEmpty()) {
            throw new InvalidPlanException(file, 0, "is empty");
        }
        return document;
    }

    private static int lineOf(Path file, YamlPath path) {
        return document(file).line(path);
    }

    /** Reads a document the schema has accepted, checking what the schema cannot. */
    private record Reader(Path file, YamlDocument document) {

        MigrationPlan plan() {
            YamlPath root = YamlPath.root();
            List<MigrationPlan.Endpoint> endpoints = new ArrayList<>();
            JsonNode endpointNodes = document.at(root.key("endpoints"));
            for (int i = 0; i < endpointNodes.size(); i++) {
                YamlPath at = root.key("endpoints").index(i);
                JsonNode node = endpointNodes.get(i);
                MigrationPlan.Endpoint endpoint = new MigrationPlan.Endpoint(text(node, "rule"),
                        texts(node.get("methods")), text(node, "path"));
                if (endpoints.stream().anyMatch(known -> known.rule().equals(endpoint.rule()))) {
                    throw problem(at.key("rule"), "endpoint rule '" + endpoint.rule() + "' is listed twice");
                }
                endpoints.add(endpoint);
            }
            List<String> rules = endpoints.stream().map(MigrationPlan.Endpoint::rule).toList();
            List<PlanPhase> phases = new ArrayList<>();
            JsonNode phaseNodes = document.at(root.key("phases"));
            for (int i = 0; i < phaseNodes.size(); i++) {
                PlanPhase phase = phase(root.key("phases").index(i), phaseNodes.get(i), rules);
                if (phases.stream().anyMatch(known -> known.name().equals(phase.name()))) {
                    throw problem(root.key("phases").index(i).key("name"), "phase '" + phase.name()
                            + "' is named twice");
                }
                phases.add(phase);
            }
            return new MigrationPlan(header(document.root()), endpoints, text(document.root().get("sync"), "pipeline"),
                    phases, file);
        }

        private static PlanHeader header(JsonNode root) {
            JsonNode monolith = root.get("monolith");
            JsonNode service = root.get("service");
            return new PlanHeader(text(root, "plan"), text(root, "why"),
                    monolith(monolith),
                    new PlanHeader.Service(text(service, "name"), text(service, "basePackage"),
                            tables(service.get("tables"))),
                    root.path("writesCutOver").asBoolean(false));
        }

        /** {@code module:} is a feature package's name, or {@code {name, classes, usingTables}} (the schema says which). */
        private static PlanHeader.Monolith monolith(JsonNode monolith) {
            JsonNode module = monolith.get("module");
            if (module.isString()) {
                return new PlanHeader.Monolith(text(monolith, "basePackage"), module.asString().strip(),
                        tables(monolith.get("tables")));
            }
            List<String> classes = module.has("classes") ? texts(module.get("classes")) : List.of();
            return new PlanHeader.Monolith(text(monolith, "basePackage"), text(module, "name"),
                    tables(monolith.get("tables")), new PlanHeader.Members(classes,
                            module.path("usingTables").asBoolean(false)));
        }

        private PlanPhase phase(YamlPath at, JsonNode node, List<String> rules) {
            String name = text(node, "name");
            YamlPath routesAt = at.key("routes");
            Map<String, RouteSetting> routes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> route : node.get("routes").properties()) {
                YamlPath routeAt = routesAt.key(route.getKey());
                if (!rules.contains(route.getKey())) {
                    throw problem(routeAt, "phase '" + name + "': route '" + route.getKey()
                            + "' is not one of the plan's endpoints " + rules);
                }
                try {
                    routes.put(route.getKey(), RouteSetting.parse(route.getValue().asString()));
                }
                catch (IllegalArgumentException ex) {
                    throw problem(routeAt, "phase '" + name + "': route '" + route.getKey() + "': "
                            + ex.getMessage());
                }
            }
            List<String> missing = rules.stream().filter(rule -> !routes.containsKey(rule)).toList();
            if (!missing.isEmpty()) {
                throw problem(routesAt, "phase '" + name + "' does not set the route of " + missing
                        + "; every phase sets every endpoint");
            }
            Map<String, RouteSetting> ordered = new LinkedHashMap<>();
            rules.forEach(rule -> ordered.put(rule, routes.get(rule)));
            Gates gates = gates(at.key("gates"), node.get("gates"));
            if ((gates.shadowComparedAtLeast() != null || gates.shadowDiffRateBelow() != null)
                    && routes.values().stream().noneMatch(setting -> "SHADOW".equals(setting.mode()))) {
                throw problem(at.key("gates"), "phase '" + name + "' has shadow gates but no route in SHADOW mode");
            }
            return new PlanPhase(name, text(node, "why"), ordered, SyncDirection.valueOf(text(node, "sync")), gates);
        }

        private Gates gates(YamlPath at, JsonNode gates) {
            Gates.CountInWindow monolithRequests = countInWindow(gates.get("monolithRequestsAtMost"));
            if (monolithRequests != null && monolithRequests.window().compareTo(PROXY_HISTORY) > 0) {
                throw problem(at.key("monolithRequestsAtMost").key("for"), "monolithRequestsAtMost: window "
                        + monolithRequests.windowText() + " is longer than the proxy's traffic history (24h)");
            }
            return new Gates(gates.path("verifierClean").asBoolean(false),
                    gates.has("syncLagBelowMillis") ? gates.get("syncLagBelowMillis").asLong() : null,
                    gates.has("shadowDiffRateBelow") ? gates.get("shadowDiffRateBelow").asDouble() : null,
                    gates.has("shadowComparedAtLeast") ? gates.get("shadowComparedAtLeast").asLong() : null,
                    gates.has("errorRateBelow") ? gates.get("errorRateBelow").asDouble() : null,
                    gates.has("serviceRequestsAtLeast") ? gates.get("serviceRequestsAtLeast").asLong() : null,
                    monolithRequests, countInWindow(gates.get("strayWritesAtMost")),
                    gates.path("archRulesClean").asBoolean(false));
        }

        private static Gates.@Nullable CountInWindow countInWindow(@Nullable JsonNode bound) {
            if (bound == null) {
                return null;
            }
            return new Gates.CountInWindow(bound.get("atMost").asLong(),
                    Gates.CountInWindow.parseWindow(text(bound, "for")));
        }

        private static String text(JsonNode node, String key) {
            return node.get(key).asString().strip();
        }

        private static List<String> texts(JsonNode list) {
            List<String> texts = new ArrayList<>();
            list.forEach(item -> texts.add(item.asString()));
            return texts;
        }

        /** Table names as SQL compares them: case-insensitively, so lower case. */
        private static List<String> tables(JsonNode list) {
            return texts(list).stream().map(table -> table.toLowerCase(Locale.ROOT)).toList();
        }

        private InvalidPlanException problem(YamlPath path, String reason) {
            return new InvalidPlanException(file, document.line(path), reason);
        }
    }
}
