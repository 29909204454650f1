package dev.strangler.plans.stack;

import dev.strangler.support.schema.InvalidYamlException;
import dev.strangler.support.schema.YamlDocument;
import dev.strangler.support.schema.YamlProblem;
import dev.strangler.support.schema.YamlSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One strangled system as its stack file ({@code strangler.yaml}) describes it: the monolith and its services
 * (where they answer, their databases, optionally how to start them), the engines' ports and state home, and where
 * the proxy's rules, cdc-sync's pipelines and the plans live. Checked against the published
 * {@code stack.schema.json} (an unknown key is refused) and then for what a schema cannot say; every problem is
 * named as {@code file:line: key: reason}. Paths are resolved against the file's directory.
 *
 * @param file the stack file, absolute
 * @param name the stack's name
 * @param home the state home the file names, or null for the default
 * @param postgres the embedded PostgreSQL the kit runs, or null when the databases are the user's own servers
 * @param monolith the monolith, named {@code monolith}
 * @param services the services ({@code up} starts them together with the monolith); each name is also the proxy's
 *        backend name
 * @param engines the kit's engines' ports and extra arguments
 * @param rules the proxy's rules file, or null: then no proxy is started
 * @param pipelines the directory of cdc-sync's pipeline files, or null: then no cdc-sync is started
 * @param plans the directory of plan files, or null
 */
public record StackFile(Path file, String name, @Nullable Path home, @Nullable Postgres postgres, App monolith,
        List<App> services, Engines engines, @Nullable Path rules, @Nullable Path pipelines, @Nullable Path plans) {

    /** The file's name in a user's working directory. */
    public static final String FILE_NAME = "strangler.yaml";

    static final String SCHEMA = "/schema/stack.schema.json";

    /** Loaded once: building the validator is the expensive part, checking a file is cheap. */
    private static final class Published {
        static final YamlSchema SCHEMA = YamlSchema.fromResource(StackFile.class, StackFile.SCHEMA);
    }

    /** The name a stack file gives its monolith in placeholders and as the proxy's backend. */
    public static final String MONOLITH = "monolith";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    /** An embedded PostgreSQL the kit starts, holding these databases. */
    public record Postgres(boolean embedded, int port, List<String> databases) {
    }

    /**
     * An app's database.
     *
     * @param passwordEnv the environment variable holding the password, or null (no password)
     */
    public record Database(String url, @Nullable String user, @Nullable String passwordEnv) {
    }

    /** How {@code up} starts an app: a jar run with this Java, or a command; then the arguments. */
    public record Start(@Nullable Path jar, List<String> command, List<String> args) {
    }

    /**
     * The monolith or a service.
     *
     * @param health answers 2xx when the app is ready (defaults to the URL)
     * @param start how {@code up} starts it, or null: {@code up} does not, {@code status} still probes it
     * @param classes compiled classes (directory or jar) for {@code archcheck} and {@code retire-check}, or null
     */
    public record App(String name, String url, String health, @Nullable Database database, @Nullable Start start,
            @Nullable Path classes) {
    }

    /** The kit's engines: their ports and any further arguments (with placeholders) handed to them. */
    public record Engines(int proxyPort, int proxyAdminPort, List<String> proxyArgs, int syncAdminPort,
            List<String> syncArgs, int plansPort) {

        static final int PROXY_PORT = 8000;
        static final int PROXY_ADMIN_PORT = 8001;
        static final int SYNC_ADMIN_PORT = 8090;
        static final int PLAN_API_PORT = 8095;
    }

    static final int DEFAULT_POSTGRES_PORT = 5433;

    /** The directory paths in the file are relative to. */
    public Path directory() {
        return file.getParent();
    }

    /** The monolith and then every service, as the file lists them. */
    public List<App> apps() {
        List<App> apps = new ArrayList<>();
        apps.add(monolith);
        apps.addAll(services);
        return apps;
    }

    /** The stack file a command uses when none is named: {@code strangler.yaml} in the directory, if there. */
    public static Optional<Path> in(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(file.toAbsolutePath().normalize()) : Optional.empty();
    }

    /**
     * Reads and checks a stack file.
     *
     * @throws InvalidStackException naming the file, line, key and reason of the first problem
     */
    public static StackFile read(Path path) {
        Path file = path.toAbsolutePath().normalize();
        Node document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        }
        catch (MarkedYAMLException ex) {
            Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
            throw new InvalidStackException(file, mark == null ? 0 : mark.getLine() + 1, "",
                    "not valid YAML: " + ex.getProblem());
        }
        catch (IOException ex) {
            throw new InvalidStackException(file, 0, "", "cannot be read: " + ex.getMessage());
        }
        if (document == null) {
            throw new InvalidStackException(file, 0, "", "is empty; 'strangler init' writes a first one");
        }
        List<YamlProblem> problems;
        try (InputStream in = Files.newInputStream(file)) {
            problems = Published.SCHEMA.check(YamlDocument.read(in));
        }
        catch (InvalidYamlException ex) {
            throw new InvalidStackException(file, ex.problem().line(), ex.problem().path().toString(),
                    ex.problem().reason());
        }
        catch (IOException ex) {
            throw new InvalidStackException(file, 0, "", "cannot be read: " + ex.getMessage());
        }
        if (!problems.isEmpty()) {
            YamlProblem first = problems.get(0);
            String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : "";
            throw new InvalidStackException(file, first.line(), first.path().toString(), first.reason() + more);
        }
        return new Reading(file).stack((MappingNode) document);
    }

    /** Turns a document that the schema accepted into the records, checking what the schema cannot say. */
    private record Reading(Path file) {

        StackFile stack(MappingNode root) {
            Path directory = file.getParent();
            MappingNode postgresNode = mapping(root, "postgres");
            Postgres postgres = postgresNode == null ? null : new Postgres(bool(postgresNode, "embedded"),
                    integer(postgresNode, "port", DEFAULT_POSTGRES_PORT), strings(postgresNode, "databases"));
            App monolith = app(mapping(root, MONOLITH), MONOLITH, MONOLITH, directory);
            List<App> services = new ArrayList<>();
            Set<String> names = new HashSet<>(Set.of(MONOLITH));
            SequenceNode serviceNodes = value(root, "services") instanceof SequenceNode list ? list : null;
            if (serviceNodes != null) {
                for (int i = 0; i < serviceNodes.getValue().size(); i++) {
                    MappingNode service = (MappingNode) serviceNodes.getValue().get(i);
                    String name = text(service, "name");
                    if (!names.add(name)) {
                        throw refused(value(service, "name"), "services[" + i + "].name", "'" + name + "' is "
                                + (MONOLITH.equals(name) ? "the monolith's name" : "named twice"));
                    }
                    services.add(app(service, name, "services[" + i + "]", directory));
                }
            }
            MappingNode enginesNode = mapping(root, "engines");
            MappingNode proxy = enginesNode == null ? null : mapping(enginesNode, "proxy");
            MappingNode sync = enginesNode == null ? null : mapping(enginesNode, "sync");
            MappingNode plans = enginesNode == null ? null : mapping(enginesNode, "plans");
            Engines engines = new Engines(integer(proxy, "port", Engines.PROXY_PORT),
                    integer(proxy, "admin-port", Engines.PROXY_ADMIN_PORT), strings(proxy, "args"),
                    integer(sync, "admin-port", Engines.SYNC_ADMIN_PORT), strings(sync, "args"),
                    integer(plans, "port", Engines.PLAN_API_PORT));
            Set<String> known = placeholders(monolith, services, null);
            checkPlaceholders(proxy, "engines.proxy.args", known);
            checkPlaceholders(sync, "engines.sync.args", known);
            List<MappingNode> appNodes = new ArrayList<>();
            appNodes.add(mapping(root, MONOLITH));
            if (serviceNodes != null) {
                serviceNodes.getValue().forEach(node -> appNodes.add((MappingNode) node));
            }
            List<App> apps = new ArrayList<>(List.of(monolith));
            apps.addAll(services);
            for (int i = 0; i < apps.size(); i++) {
                MappingNode start = mapping(appNodes.get(i), "start");
                checkPlaceholders(start, (i == 0 ? MONOLITH : "services[" + (i - 1) + "]") + ".start.args",
                        placeholders(monolith, services, apps.get(i)));
            }
            String home = optionalText(root, "home");
            return new StackFile(file, text(root, "stack"), home == null ? null : directory.resolve(home), postgres,
                    monolith, List.copyOf(services), engines, path(root, "rules", directory),
                    path(root, "pipelines", directory), path(root, "plans", directory));
        }

        private App app(MappingNode node, String name, String key, Path directory) {
            String url = text(node, "url");
            MappingNode database = mapping(node, "database");
            MappingNode start = mapping(node, "start");
            Start starting = null;
            if (start != null) {
                String jar = optionalText(start, "jar");
                List<String> command = strings(start, "command");
                if ((jar == null) == command.isEmpty()) {
                    throw refused(start, key + ".start", jar == null ? "needs a jar or a command"
                            : "a jar or a command, not both");
                }
                starting = new Start(jar == null ? null : directory.resolve(jar), command, strings(start, "args"));
            }
            String health = optionalText(node, "health");
            return new App(name, url, health == null ? url : health, database == null ? null
                    : new Database(text(database, "url"), optionalText(database, "user"),
                            optionalText(database, "password-env")), starting, path(node, "classes", directory));
        }

        /** The placeholder names an app's arguments may use ({@code self} null: an engine's arguments). */
        private static Set<String> placeholders(App monolith, List<App> services, @Nullable App self) {
            Set<String> names = new LinkedHashSet<>(List.of("postgres.port"));
            List<App> apps = new ArrayList<>(List.of(monolith));
            apps.addAll(services);
            for (App app : apps) {
                names.add(app.name() + ".url");
                names.add(app.name() + ".port");
                if (app.database() != null) {
                    names.add(app.name() + ".database.url");
                    names.add(app.name() + ".database.user");
                }
            }
            if (self != null) {
                names.addAll(List.of("url", "port"));
                if (self.database() != null) {
                    names.addAll(List.of("database.url", "database.user"));
                }
            }
            return names;
        }

        private void checkPlaceholders(@Nullable MappingNode parent, String key, Set<String> known) {
            if (parent == null || !(value(parent, "args") instanceof SequenceNode args)) {
                return;
            }
            for (int i = 0; i < args.getValue().size(); i++) {
                Node arg = args.getValue().get(i);
                Matcher matcher = PLACEHOLDER.matcher(((ScalarNode) arg).getValue());
                while (matcher.find()) {
                    if (!known.contains(matcher.group(1))) {
                        throw refused(arg, key + "[" + i + "]", "unknown placeholder ${" + matcher.group(1)
                                + "} (known: " + known + ")");
                    }
                }
            }
        }

        private InvalidStackException refused(Node node, String key, String reason) {
            return new InvalidStackException(file, node.getStartMark().getLine() + 1, key, reason);
        }

        private static @Nullable Node value(@Nullable MappingNode mapping, String key) {
            if (mapping == null) {
                return null;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
            return null;
        }

        private static @Nullable MappingNode mapping(MappingNode parent, String key) {
            return value(parent, key) instanceof MappingNode mapping ? mapping : null;
        }

        private static String text(MappingNode parent, String key) {
            return ((ScalarNode) value(parent, key)).getValue();
        }

        private static @Nullable String optionalText(MappingNode parent, String key) {
            return value(parent, key) instanceof ScalarNode scalar ? scalar.getValue() : null;
        }

        private static @Nullable Path path(MappingNode parent, String key, Path directory) {
            String text = optionalText(parent, key);
            return text == null ? null : directory.resolve(text).normalize();
        }

        private static boolean bool(MappingNode parent, String key) {
            return Boolean.parseBoolean(optionalText(parent, key));
        }

        private static int integer(@Nullable MappingNode parent, String key, int otherwise) {
            String text = parent == null ? null : optionalText(parent, key);
            return text == null ? otherwise : Integer.parseInt(text);
        }

        private static List<String> strings(@Nullable MappingNode parent, String key) {
            if (!(value(parent, key) instanceof SequenceNode list)) {
                return List.of();
            }
            return list.getValue().stream().map(node -> ((ScalarNode) node).getValue()).toList();
        }
    }
}
