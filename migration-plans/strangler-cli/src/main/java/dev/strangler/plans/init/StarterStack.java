package dev.strangler.plans.init;

import dev.strangler.archrules.ArchCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Writes a starter stack for a monolith: {@code strangler.yaml}, the proxy's rules, one cdc-sync pipeline and one
 * plan per extracted service, and each service's Flyway {@code V1} migration, from the monolith's database catalog
 * and its endpoints. It runs the capture preflight on the monolith's database and returns its checklist. It only
 * reads the monolith's database. Files are all checked before any is written: an existing file is refused (unless
 * {@code force}), and then nothing is written.
 */
public final class StarterStack {

    /** Where the files go, relative to the stack file. */
    static final String RULES = "proxy-rules.yaml";
    static final String PIPELINES = "pipelines";
    static final String PLANS = "plans";
    static final String SCHEMAS = "db";

    private static final Pattern JDBC_DATABASE = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(.*)");

    /**
     * One service to extract, as given on the command line.
     *
     * @param url where the service answers; null for {@code http://localhost:<8081 + its position>}
     * @param databaseUrl its own database; null for the monolith's server with a database named as its pipeline
     * @param resources the monolith's resources it takes over by name ({@code visits}); empty to pick those whose
     *     name matches one of its tables
     * @param basePackage its Java package; null for a sibling of the monolith's
     */
    public record Service(String name, List<String> tables, @Nullable String url, @Nullable String databaseUrl,
            List<String> resources, @Nullable String basePackage) {

        public Service {
            tables = List.copyOf(tables);
            resources = List.copyOf(resources);
        }
    }

    /** Where the monolith's endpoints are read from: {@code openapi} (file or URL), {@code mappings} or {@code paths}. */
    public record EndpointSource(String kind, List<String> values) {

        public EndpointSource {
            values = List.copyOf(values);
        }
    }

    /**
     * Everything {@code init} needs.
     *
     * @param password the monolith database user's password (read from {@code passwordEnv} by the caller)
     * @param contextPath overrides the context path found in the endpoint source; null to use that
     * @param checkOnly run the preflight and write nothing
     * @param monolithClasses the monolith's compiled classes (a directory or a jar), to choose the plans' module form
     *     and for the stack file's {@code monolith.classes}; null when not given
     */
    public record Request(Path directory, @Nullable String stackName, String databaseUrl, String user,
            String passwordEnv, String password, URI monolithUrl, String monolithPackage, List<Service> services,
            EndpointSource endpoints, @Nullable String contextPath, boolean force, boolean checkOnly,
            @Nullable Path monolithClasses) {

        public Request {
            services = List.copyOf(services);
        }
    }

    /**
     * One line of the preflight checklist.
     *
     * @param fix the exact SQL (or step) that makes a failed check pass; null when it passed
     */
    public record Check(String item, boolean passed, String detail, @Nullable String fix) {
    }

    /**
     * What {@code init} did.
     *
     * @param written the files written, relative to the directory, in order
     * @param leftWithMonolith resources no service takes over (no rule: the proxy sends them to the monolith)
     */
    public record Result(List<Path> written, List<Check> preflight, List<String> leftWithMonolith) {

        public boolean preflightPassed() {
            return preflight.stream().allMatch(Check::passed);
        }
    }

    private StarterStack() {
    }

    public static Result write(Request request) {
        if (request.services().isEmpty()) {
            throw new IllegalArgumentException("name at least one service to extract: --service NAME --tables a,b");
        }
        Endpoints.Surface surface = surface(request.endpoints(), request.contextPath());
        Extraction.Database monolithDatabase = new Extraction.Database(request.databaseUrl(), request.user(),
                request.passwordEnv());
        List<Extraction> extractions = new ArrayList<>();
        List<Check> checklist = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(request.databaseUrl(), request.user(),
                request.password())) {
            // Nothing here writes; read-only also stops a mistake from ever changing the monolith's database.
            try (java.sql.Statement session = connection.createStatement()) {
                session.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            List<SourceSchema.Table> all = new ArrayList<>();
            for (int i = 0; i < request.services().size(); i++) {
                Service service = request.services().get(i);
                List<SourceSchema.Table> tables = SourceSchema.read(connection, service.tables());
                for (SourceSchema.Table table : tables) {
                    if (!taken.add(table.qualified())) {
                        throw new IllegalArgumentException("--tables: " + table.qualified() + " is picked for "
                                + "two services; a table has one owner");
                    }
                }
                all.addAll(tables);
                extractions.add(extraction(request, service, i, tables, surface));
            }
            Preflight.check(connection, all, extractions.size()).forEach(check -> checklist.add(
                    new Check(check.item(), check.passed(), check.detail(), check.fix())));
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot read the monolith's database " + request.databaseUrl() + " as "
                    + request.user() + ": " + ex.getMessage(), ex);
        }
        List<String> assigned = extractions.stream().flatMap(e -> e.resources().stream())
                .map(Endpoints.Resource::path).toList();
        List<Endpoints.Resource> unassigned = surface.resources().stream()
                .filter(resource -> !assigned.contains(resource.path())).toList();
        String stack = request.stackName() != null ? request.stackName() : databaseName(request.databaseUrl());
        if (!stack.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("--stack-name: '" + stack + "' must be lower-case letters, digits "
                    + "and dashes (the stack file's schema)");
        }
        Map<String, java.util.SortedSet<String>> tableUses = request.monolithClasses() == null ? null
                : ArchCheck.tableUses(request.monolithClasses(), request.monolithPackage());
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of(StackFile.NAME), StackFile.render(stack, request.monolithUrl(), monolithDatabase,
                classesEntry(request), extractions, RULES, PIPELINES, PLANS));
        files.put(Path.of(RULES), RulesFile.render(stack, request.monolithUrl(), surface, extractions, unassigned));
        for (Extraction extraction : extractions) {
            files.put(Path.of(PIPELINES, extraction.pipeline() + ".yaml"),
                    PipelineFile.render(extraction, monolithDatabase));
            files.put(Path.of(PLANS, extraction.pipeline() + ".yaml"),
                    PlanFile.render(extraction, request.monolithPackage(), surface.contextPath(),
                            ModuleForm.of(tableUses, request.monolithPackage(), extraction.pipeline(),
                                    extraction.tableNames())));
            files.put(Path.of(SCHEMAS, extraction.name(), "V1__" + extraction.name() + ".sql"),
                    ServiceSchemaFile.render(extraction, request.databaseUrl()));
        }
        if (request.checkOnly()) {
            return new Result(List.of(), checklist, unassigned.stream().map(r -> surface.contextPath() + r.path())
                    .toList());
        }
        write(request.directory(), files, request.force());
        return new Result(List.copyOf(files.keySet()), checklist,
                unassigned.stream().map(r -> surface.contextPath() + r.path()).toList());
    }

    /** The stack file's {@code monolith.classes}: relative to the stack file where it lies below it. */
    private static @Nullable String classesEntry(Request request) {
        if (request.monolithClasses() == null) {
            return null;
        }
        Path directory = request.directory().toAbsolutePath().normalize();
        Path classes = request.monolithClasses().toAbsolutePath().normalize();
        return classes.startsWith(directory) ? directory.relativize(classes).toString() : classes.toString();
    }

    private static Extraction extraction(Request request, Service service, int position,
            List<SourceSchema.Table> tables, Endpoints.Surface surface) {
        if (!service.name().matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("--service: '" + service.name() + "' must be lower-case letters, "
                    + "digits and dashes (it is also the proxy's backend name)");
        }
        String pipeline = Extraction.pipelineName(service.name());
        List<Endpoints.Resource> resources = new ArrayList<>();
        for (Endpoints.Resource resource : surface.resources()) {
            boolean named = service.resources().contains(resource.name());
            boolean matched = service.resources().isEmpty() && tables.stream()
                    .anyMatch(table -> matches(resource.name(), table.name()));
            if (named || matched) {
                resources.add(resource);
            }
        }
        for (String name : service.resources()) {
            if (resources.stream().noneMatch(r -> r.name().equals(name))) {
                throw new IllegalArgumentException("--resources: no resource '" + name + "' in " + surface.source()
                        + " (found: " + surface.resources().stream().map(Endpoints.Resource::name).toList() + ")");
            }
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("--service " + service.name() + ": no endpoint of " + surface.source()
                    + " matches its tables " + service.tables() + "; name them with --resources (found: "
                    + surface.resources().stream().map(Endpoints.Resource::name).toList() + ")");
        }
        String url = service.url() != null ? service.url() : "http://localhost:" + (8081 + position);
        String databaseUrl = service.databaseUrl() != null ? service.databaseUrl()
                : withDatabase(request.databaseUrl(), pipeline);
        String monolithPackage = request.monolithPackage();
        String basePackage = service.basePackage() != null ? service.basePackage()
                : (monolithPackage.contains(".") ? monolithPackage.substring(0, monolithPackage.lastIndexOf('.'))
                        : monolithPackage) + "." + pipeline.replace("_", "") + "service";
        return new Extraction(service.name(), pipeline, tables, resources, url,
                new Extraction.Database(databaseUrl, request.user(), request.passwordEnv()), basePackage);
    }

    /** {@code visits} takes {@code visits} and {@code visit_audit}; {@code vets} takes {@code vet_slots}. */
    static boolean matches(String resource, String table) {
        String singular = resource.replace('-', '_').replaceAll("(?<=[a-z])(es|s)$", "");
        String name = resource.replace('-', '_');
        return table.equals(name) || table.equals(singular) || table.startsWith(singular + "_")
                || table.replaceAll("(?<=[a-z])(es|s)$", "").equals(singular);
    }

    private static Endpoints.Surface surface(EndpointSource source, @Nullable String contextPath) {
        if (contextPath != null && !contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("--context-path: '" + contextPath + "' must start with '/' and not "
                    + "end with one");
        }
        return switch (source.kind()) {
            case "openapi" -> Endpoints.fromOpenApi(read(source.values().get(0), "--openapi"), source.values().get(0),
                    contextPath);
            case "mappings" -> Endpoints.fromMappings(read(source.values().get(0), "--mappings"),
                    URI.create(source.values().get(0)), contextPath);
            case "paths" -> Endpoints.fromPaths(source.values(), contextPath);
            default -> throw new IllegalArgumentException("name the endpoints: --openapi, --mappings or --paths");
        };
    }

    /** A file, or an http(s) URL fetched with a GET. */
    private static String read(String location, String option) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(location))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException(option + " " + location + ": answered " + response.statusCode());
                }
                return response.body();
            }
            catch (IOException ex) {
                throw new IllegalArgumentException(option + " " + location + ": cannot be read: " + ex.getMessage());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(option + " " + location + ": interrupted", ex);
            }
        }
        try {
            return Files.readString(Path.of(location));
        }
        catch (IOException ex) {
            throw new IllegalArgumentException(option + " " + location + ": cannot be read: " + ex.getMessage());
        }
    }

    private static void write(Path directory, Map<Path, String> files, boolean force) {
        List<String> existing = files.keySet().stream().filter(file -> Files.exists(directory.resolve(file)))
                .map(Path::toString).toList();
        if (!existing.isEmpty() && !force) {
            throw new IllegalArgumentException("nothing written: " + String.join(", ", existing) + " already "
                    + (existing.size() == 1 ? "exists" : "exist") + " in " + directory.toAbsolutePath().normalize()
                    + " (--force overwrites)");
        }
        try {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                Path target = directory.resolve(file.getKey());
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.writeString(target, file.getValue());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write the starter stack in " + directory, ex);
        }
    }

    private static String withDatabase(String jdbcUrl, String database) {
        Matcher url = JDBC_DATABASE.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("--database: '" + jdbcUrl + "' is not a jdbc:postgresql://host/db URL");
        }
        return url.group(1) + database + url.group(3);
    }

    private static String databaseName(String jdbcUrl) {
        Matcher url = JDBC_DATABASE.matcher(jdbcUrl);
        String name = url.matches() ? url.group(2) : "monolith";
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+", "");
    }
}
