package dev.strangler.archrules;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads migration plans. The reader is tolerant: it takes the header the rules need and ignores every other key
 * (endpoints, pipeline, phases belong to the plan runner), so that a plan can grow without breaking the rules.
 * Everything it does need is validated, and a problem names the file, the key and the reason.
 */
public final class Plans {

    /** System property that points the rules at a plans directory; otherwise {@link #locate()} searches. */
    public static final String DIRECTORY_PROPERTY = "strangler.plans";

    /** Where plans live in a Strangler Kit repository, relative to its root. */
    public static final Path REPOSITORY_DIRECTORY = Path.of("migration-plans", "plans");

    private static final Pattern PACKAGE = Pattern.compile("[a-zA-Z_$][\\w$]*(\\.[a-zA-Z_$][\\w$]*)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_$][\\w$]*");
    private static final Pattern TABLE = Pattern.compile("[a-zA-Z_][\\w$]*");

    private Plans() {
    }

    /** Every {@code *.yaml} / {@code *.yml} plan in the directory, sorted by file name. */
    public static List<Plan> loadAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new PlanException(directory + ": is not a directory of plans");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Plan> plans = files
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .map(Plans::load)
                    .toList();
            String basePackage = null;
            for (Plan plan : plans) {
                if (basePackage != null && !basePackage.equals(plan.monolith().basePackage())) {
                    throw new PlanException(directory + ": plan " + plan.name() + ": monolith.basePackage: is "
                            + plan.monolith().basePackage() + " but other plans say " + basePackage
                            + "; all plans must describe the same monolith");
                }
                basePackage = plan.monolith().basePackage();
            }
            return plans;
        }
        catch (IOException ex) {
            throw new PlanException(directory + ": cannot list plans: " + ex.getMessage(), ex);
        }
    }

    /** One plan file. */
    public static Plan load(Path file) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        catch (IOException | YAMLException ex) {
            throw new PlanException(file + ": cannot read plan: " + ex.getMessage(), ex);
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new PlanException(file + ": is not a YAML mapping with a plan");
        }
        Fields plan = new Fields(file, "", root);
        Fields monolith = plan.section("monolith");
        Fields service = plan.section("service");
        return new Plan(
                plan.text("plan", IDENTIFIER),
                plan.text("why", null),
                new Plan.Monolith(monolith.text("basePackage", PACKAGE), monolith.text("module", IDENTIFIER),
                        monolith.tables("tables")),
                new Plan.Service(service.text("name", null), service.text("basePackage", PACKAGE),
                        service.tables("tables")),
                plan.flag("writesCutOver"));
    }

    /**
     * The plans of the repository this process runs in: the directory named by the system property
     * {@value #DIRECTORY_PROPERTY}, else the nearest {@code migration-plans/plans} found from the working directory
     * upwards (a module's tests run in the module's directory).
     */
    public static List<Plan> locate() {
        return loadAll(locateDirectory().orElseThrow(() -> new PlanException("No plans directory: set -D"
                + DIRECTORY_PROPERTY + "=<dir> or run inside a repository with " + REPOSITORY_DIRECTORY)));
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

    /** Typed access to one YAML mapping, naming the full key in every complaint. */
    private record Fields(Path file, String prefix, Map<?, ?> values) {

        Fields section(String key) {
            Object value = values.get(key);
            if (!(value instanceof Map<?, ?> map)) {
                throw problem(key, value == null ? "is required" : "must be a mapping");
            }
            return new Fields(file, prefix + key + ".", map);
        }

        String text(String key, @Nullable Pattern format) {
            Object value = values.get(key);
            if (value == null || value.toString().isBlank()) {
                throw problem(key, "is required");
            }
            if (!(value instanceof String) && !(value instanceof Number)) {
                throw problem(key, "must be a single value");
            }
            String text = value.toString().strip();
            if (format != null && !format.matcher(text).matches()) {
                throw problem(key, "'" + text + "' is not a valid name");
            }
            return text;
        }

        List<String> tables(String key) {
            Object value = values.get(key);
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                throw problem(key, value == null ? "is required" : "must be a non-empty list of table names");
            }
            List<String> tables = new ArrayList<>();
            for (Object table : list) {
                if (table == null || !TABLE.matcher(table.toString()).matches()) {
                    throw problem(key, "'" + table + "' is not a valid table name");
                }
                tables.add(table.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return tables;
        }

        boolean flag(String key) {
            Object value = values.get(key);
            if (value == null) {
                return false;
            }
            if (!(value instanceof Boolean flag)) {
                throw problem(key, "must be true or false");
            }
            return flag;
        }

        PlanException problem(String key, String reason) {
            return new PlanException(file + ": " + prefix + key + ": " + reason);
        }
    }
}
