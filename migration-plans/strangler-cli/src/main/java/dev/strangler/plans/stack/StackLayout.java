package dev.strangler.plans.stack;

import dev.strangler.plans.admin.AdminTokens;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stack file laid out on this machine: where its state lives, the ports everything listens on, and the apps (the
 * user's monolith and services where the file says how to start them, then the kit's engines: cdc-sync, the plan
 * console and the proxy, which {@code up} starts once the user's apps answer).
 *
 * <p>Every port on this machine is the file's plus {@code portOffset}, so a second copy of a stack (a test, the
 * walkthrough) runs next to a developer's without colliding: the apps' URLs and health URLs, the engines' ports,
 * PostgreSQL's port and the JDBC URLs on this machine, and whatever the arguments take from them.
 *
 * @param stack the stack file
 * @param repository the kit's root, where the engines' jars are built
 * @param home the state home: PostgreSQL's data, logs, PID files, tokens, plan state
 * @param postgresPort the port of the stack's embedded PostgreSQL
 * @param portOffset added to every port on this machine
 */
public record StackLayout(StackFile stack, Path repository, Path home, int postgresPort, int portOffset) {

    public static final int DEFAULT_POSTGRES_PORT = StackFile.DEFAULT_POSTGRES_PORT;
    public static final int SYNC_ADMIN_PORT = StackFile.Engines.SYNC_ADMIN_PORT;
    public static final int PROXY_PORT = StackFile.Engines.PROXY_PORT;
    public static final int PROXY_ADMIN_PORT = StackFile.Engines.PROXY_ADMIN_PORT;
    public static final int PLAN_API_PORT = StackFile.Engines.PLAN_API_PORT;

    private static final Pattern LOCAL_PORT = Pattern.compile("//(localhost|127\\.0\\.0\\.1):(\\d+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    public StackLayout {
        if (portOffset < 0 || portOffset > 50000) {
            throw new IllegalArgumentException("port offset must be 0 to 50000, was " + portOffset);
        }
    }

    /** The stack on its own ports plus {@code portOffset}, its PostgreSQL included. */
    public static StackLayout of(StackFile stack, Path repository, Path home, int portOffset) {
        int postgres = stack.postgres() == null ? DEFAULT_POSTGRES_PORT : stack.postgres().port();
        return new StackLayout(stack, repository, home, postgres + portOffset, portOffset);
    }

    /**
     * The state home when none is given on the command line: the one the stack file names, else
     * {@code $STRANGLER_HOME}, else {@code ~/.strangler/<stack>}.
     */
    public static Path defaultHome(StackFile stack) {
        if (stack.home() != null) {
            return stack.home();
        }
        String home = System.getenv("STRANGLER_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".strangler", stack.name())
                : Path.of(home);
    }

    public Path postgresData() {
        return home.resolve("postgres");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path pids() {
        return home.resolve("run");
    }

    /** Plan state and the plan audit log. */
    public Path plans() {
        return home.resolve("plans");
    }

    /** The directory of plan files the stack names. */
    public Optional<Path> planFiles() {
        return Optional.ofNullable(stack.plans());
    }

    /** The monolith's compiled classes, for archcheck and the retire gates, when the stack names them. */
    public Optional<Path> monolithClasses() {
        return Optional.ofNullable(stack.monolith().classes());
    }

    /** A database on the stack's embedded PostgreSQL. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }

    public int port(int filePort) {
        return filePort + portOffset;
    }

    public URI proxyUrl() {
        return URI.create("http://localhost:" + port(stack.engines().proxyPort()) + "/");
    }

    public URI proxyAdminUrl() {
        return URI.create("http://127.0.0.1:" + port(stack.engines().proxyAdminPort()) + "/");
    }

    public URI syncAdminUrl() {
        return URI.create("http://127.0.0.1:" + port(stack.engines().syncAdminPort()) + "/");
    }

    public int planApiPort() {
        return port(stack.engines().plansPort());
    }

    public URI planApiUrl() {
        return URI.create("http://127.0.0.1:" + planApiPort() + "/");
    }

    public URI monolithUrl() {
        return URI.create(origin(stack.monolith()) + "/");
    }

    /** The base URL of a service by its name (also its backend name in the proxy's rules). */
    public URI serviceUrl(String service) {
        return stack.services().stream().filter(app -> app.name().equals(service)).findFirst()
                .map(app -> URI.create(origin(app) + "/"))
                .orElseThrow(() -> new IllegalArgumentException("The stack " + stack.name() + " has no service named "
                        + service + " (" + stack.file() + ")"));
    }

    /** Every port the stack's started apps and PostgreSQL listen on. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        if (embeddedPostgres()) {
            ports.add(postgresPort);
        }
        components().stream().filter(Component::startable).forEach(component -> ports.addAll(component.ports()));
        return ports;
    }

    /** Whether the kit runs the stack's PostgreSQL. */
    public boolean embeddedPostgres() {
        return stack.postgres() != null && stack.postgres().embedded();
    }

    /** The databases the stack's embedded PostgreSQL holds (none when the kit runs no PostgreSQL). */
    public List<String> databases() {
        return embeddedPostgres() ? stack.postgres().databases() : List.of();
    }

    /** The kit's engines this stack runs without, each with why (the file names no rules, pipelines or plans). */
    public List<String> enginesLeftOut() {
        List<String> left = new ArrayList<>();
        if (stack.pipelines() == null) {
            left.add("cdc-sync: not started, " + stack.file().getFileName() + " names no 'pipelines:' directory");
        }
        if (stack.plans() == null) {
            left.add("plan-console: not started, " + stack.file().getFileName() + " names no 'plans:' directory");
        }
        if (stack.rules() == null) {
            left.add("strangler-proxy: not started, " + stack.file().getFileName() + " names no 'rules:' file "
                    + "('strangler init' writes one)");
        }
        return left;
    }

    /** The apps, in the order they start; {@code down} stops them in reverse. */
    public List<Component> components() {
        List<Component> components = new ArrayList<>();
        for (StackFile.App app : stack.apps()) {
            components.add(app(app));
        }
        int sync = port(stack.engines().syncAdminPort());
        int plans = planApiPort();
        if (stack.pipelines() != null) {
            List<String> arguments = new ArrayList<>(List.of("--server.port=" + sync,
                    "--strangler.sync.pipelines=file:" + stack.pipelines() + "/*.yaml"));
            stack.engines().syncArgs().forEach(argument -> arguments.add(resolve(argument, null)));
            components.add(engine("cdc-sync", "cdc-sync/target/cdc-sync.jar", "http://127.0.0.1:" + sync,
                    "http://127.0.0.1:" + sync + "/actuator/health/readiness", arguments, AdminTokens.Engine.SYNC,
                    List.of(sync)));
        }
        if (stack.plans() != null) {
            // The control plane: the plan console serves the plan API and reaches the engines over their admin APIs.
            // Absolute paths: Spring reads a relative one as a class-path resource.
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=" + plans,
                    "--strangler.home=" + home.toAbsolutePath(),
                    "--strangler.console.plans=" + stack.plans().toAbsolutePath(),
                    "--strangler.console.proxy-admin-url=" + proxyAdminUrl(),
                    "--strangler.console.sync-admin-url=" + syncAdminUrl()));
            monolithClasses().ifPresent(classes -> arguments.add("--strangler.console.monolith-classes="
                    + classes.toAbsolutePath()));
            components.add(engine("plan-console", "migration-plans/plan-console/target/plan-console.jar",
                    "http://127.0.0.1:" + plans + "/dashboard", "http://127.0.0.1:" + plans + "/health", arguments,
                    AdminTokens.Engine.CONSOLE, List.of(plans)));
        }
        if (stack.rules() != null) {
            int proxy = port(stack.engines().proxyPort());
            int admin = port(stack.engines().proxyAdminPort());
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=" + proxy,
                    "--strangler.proxy.admin.port=" + admin,
                    "--STRANGLER_RULES=file:" + stack.rules()));
            // The stack's URLs (moved by the offset) win over the backends the rules file names.
            for (StackFile.App app : stack.apps()) {
                arguments.add("--strangler.proxy.backends." + app.name() + "=" + origin(app));
            }
            stack.engines().proxyArgs().forEach(argument -> arguments.add(resolve(argument, null)));
            components.add(engine("strangler-proxy", "strangler-proxy/target/strangler-proxy.jar",
                    "http://localhost:" + proxy, "http://127.0.0.1:" + admin + "/admin/health", arguments,
                    AdminTokens.Engine.PROXY, List.of(proxy, admin)));
        }
        return components;
    }

    private Component engine(String name, String jar, String url, String health, List<String> arguments,
            AdminTokens.Engine token, List<Integer> ports) {
        return new Component(name, repository.resolve(jar), List.of(), repository, url, health, null,
                List.copyOf(arguments), token, ports);
    }

    private Component app(StackFile.App app) {
        StackFile.Start start = app.start();
        List<String> arguments = start == null ? List.of()
                : start.args().stream().map(argument -> resolve(argument, app)).toList();
        String database = app.database() == null || !embeddedPostgres() ? null : databaseName(app.database().url());
        List<Integer> ports = start == null ? List.of() : List.of(URI.create(shift(app.url())).getPort());
        return new Component(app.name(), start == null ? null : start.jar(), start == null ? List.of()
                : start.command(), stack.directory(), shift(app.url()), shift(app.health()), database, arguments,
                null, ports);
    }

    /** Replaces the placeholders the stack file checked ({@code StackFile}) with this layout's values. */
    private String resolve(String argument, StackFile.@Nullable App self) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("postgres.port", Integer.toString(postgresPort));
        for (StackFile.App app : stack.apps()) {
            putAppValues(values, app.name() + ".", app);
        }
        if (self != null) {
            putAppValues(values, "", self);
        }
        Matcher matcher = PLACEHOLDER.matcher(argument);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("unknown placeholder " + matcher.group() + " in " + stack.file());
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private void putAppValues(Map<String, String> values, String prefix, StackFile.App app) {
        values.put(prefix + "url", origin(app));
        values.put(prefix + "port", Integer.toString(URI.create(shift(app.url())).getPort()));
        if (app.database() != null) {
            values.put(prefix + "database.url", shift(app.database().url()));
            if (app.database().user() != null) {
                values.put(prefix + "database.user", app.database().user());
            }
        }
    }

    /** The app's scheme, host and port (moved by the offset): what a proxy backend or a client base URL is. */
    private String origin(StackFile.App app) {
        URI url = URI.create(shift(app.url()));
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Moves the port of a URL on this machine (HTTP or JDBC) by the offset; others are left alone. */
    String shift(String url) {
        if (portOffset == 0) {
            return url;
        }
        Matcher matcher = LOCAL_PORT.matcher(url);
        return matcher.find() ? url.substring(0, matcher.start()) + "//" + matcher.group(1) + ":"
                + (Integer.parseInt(matcher.group(2)) + portOffset) + url.substring(matcher.end()) : url;
    }

    private static String databaseName(String jdbcUrl) {
        String path = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]*/?", "");
        int end = path.indexOf('?');
        return end < 0 ? path : path.substring(0, end);
    }
}
