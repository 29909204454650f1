package dev.strangler.plans.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole strangled system on one machine: one PostgreSQL server holding the shared database ({@code shop})
 * and each service's own, then the apps in start order (the plan admin API, then the proxy last, once its backends
 * answer).
 *
 * <p>Every port is the default plus {@code portOffset}, so a second stack (a test, a walkthrough) runs next to a
 * developer's without colliding: the apps' {@code server.port}, the proxy's admin port and backend URLs, the order
 * service's URLs of the monolith and the customer service, and PostgreSQL's port.
 *
 * @param repository the repository root, where the jars are built
 * @param home {@code $STRANGLER_HOME}: the PostgreSQL data, logs and PID files
 * @param postgresPort the port of the stack's PostgreSQL
 * @param portOffset added to every app's default port
 */
public record StackLayout(Path repository, Path home, int postgresPort, int portOffset) {

    public static final int DEFAULT_POSTGRES_PORT = 5433;
    public static final int MONOLITH_PORT = 8080;
    public static final int CUSTOMER_SERVICE_PORT = 8081;
    public static final int ORDER_SERVICE_PORT = 8082;
    public static final int SYNC_ADMIN_PORT = 8090;
    public static final int PROXY_PORT = 8000;
    public static final int PROXY_ADMIN_PORT = 8001;
    public static final int PLAN_API_PORT = 8095;

    public StackLayout {
        if (portOffset < 0 || portOffset > 50000) {
            throw new IllegalArgumentException("port offset must be 0 to 50000, was " + portOffset);
        }
    }

    public StackLayout(Path repository, Path home, int postgresPort) {
        this(repository, home, postgresPort, 0);
    }

    /** Everything on the default ports plus {@code offset}, PostgreSQL included. */
    public static StackLayout withPortOffset(Path repository, Path home, int offset) {
        return new StackLayout(repository, home, DEFAULT_POSTGRES_PORT + offset, offset);
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

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }

    public int port(int defaultPort) {
        return defaultPort + portOffset;
    }

    public URI proxyUrl() {
        return URI.create("http://localhost:" + port(PROXY_PORT) + "/");
    }

    public URI proxyAdminUrl() {
        return URI.create("http://127.0.0.1:" + port(PROXY_ADMIN_PORT) + "/");
    }

    public URI syncAdminUrl() {
        return URI.create("http://127.0.0.1:" + port(SYNC_ADMIN_PORT) + "/");
    }

    public URI planApiUrl() {
        return URI.create("http://127.0.0.1:" + port(PLAN_API_PORT) + "/");
    }

    public URI monolithUrl() {
        return URI.create("http://localhost:" + port(MONOLITH_PORT) + "/");
    }

    /** The base URL of a service by its backend name ({@code customer-service}, {@code order-service}). */
    public URI serviceUrl(String service) {
        return switch (service) {
            case "customer-service" -> URI.create("http://localhost:" + port(CUSTOMER_SERVICE_PORT) + "/");
            case "order-service" -> URI.create("http://localhost:" + port(ORDER_SERVICE_PORT) + "/");
            default -> throw new IllegalArgumentException("The stack runs no service named " + service);
        };
    }

    /** Every port the stack listens on. */
    public List<Integer> ports() {
        return List.of(postgresPort, port(MONOLITH_PORT), port(CUSTOMER_SERVICE_PORT), port(ORDER_SERVICE_PORT),
                port(SYNC_ADMIN_PORT), port(PLAN_API_PORT), port(PROXY_PORT), port(PROXY_ADMIN_PORT));
    }

    /** The apps, in the order they start; {@code down} stops them in reverse. */
    public List<Component> components() {
        String monolith = "http://localhost:" + port(MONOLITH_PORT);
        String customerService = "http://localhost:" + port(CUSTOMER_SERVICE_PORT);
        String orderService = "http://localhost:" + port(ORDER_SERVICE_PORT);
        List<Component> components = new ArrayList<>();
        components.add(app("legacy-monolith", "legacy-monolith", port(MONOLITH_PORT), "shop", List.of()));
        components.add(app("customer-service", "extracted-services/customer-service", port(CUSTOMER_SERVICE_PORT),
                "customers", List.of()));
        components.add(app("order-service", "extracted-services/order-service", port(ORDER_SERVICE_PORT), "orders",
                List.of("--order-service.monolith.base-url=" + monolith,
                        "--order-service.customer-service.base-url=" + customerService)));
        // The sample pipelines name their databases through placeholders; hand them the stack's.
        int sync = port(SYNC_ADMIN_PORT);
        components.add(new Component("cdc-sync", Path.of("cdc-sync/target/cdc-sync.jar"), "http://127.0.0.1:" + sync,
                "http://127.0.0.1:" + sync + "/actuator/health/readiness", null, List.of(
                        "--server.port=" + sync,
                        "--STRANGLER_SHOP_DB_URL=" + jdbcUrl("shop"),
                        "--STRANGLER_CUSTOMER_DB_URL=" + jdbcUrl("customers"),
                        "--STRANGLER_ORDER_DB_URL=" + jdbcUrl("orders")), Path.of("cdc-sync/admin-token"),
                List.of(sync)));
        // The plan admin API is this CLI's own jar serving 'plan serve'; the proxy's dashboard calls it.
        int plans = port(PLAN_API_PORT);
        components.add(new Component("plan-api", Path.of("migration-plans/strangler-cli/target/strangler-cli.jar"),
                "http://127.0.0.1:" + plans + "/plans", "http://127.0.0.1:" + plans + "/health", null, List.of(
                        "plan", "serve",
                        "--port=" + plans,
                        "--port-offset=" + portOffset,
                        "--home=" + home,
                        "--plans=" + repository.resolve("migration-plans/plans")), Path.of("plans/admin-token"),
                List.of(plans)));
        int admin = port(PROXY_ADMIN_PORT);
        components.add(new Component("strangler-proxy", Path.of("strangler-proxy/target/strangler-proxy.jar"),
                "http://localhost:" + port(PROXY_PORT), "http://127.0.0.1:" + admin + "/admin/health", null, List.of(
                        "--server.port=" + port(PROXY_PORT),
                        "--strangler.proxy.admin.port=" + admin,
                        "--strangler.proxy.backends.monolith=" + monolith,
                        "--strangler.proxy.backends.customer-service=" + customerService,
                        "--strangler.proxy.backends.order-service=" + orderService,
                        "--strangler.proxy.dashboard.cdc-sync.url=http://127.0.0.1:" + sync,
                        "--strangler.proxy.dashboard.plans.url=http://127.0.0.1:" + plans),
                Path.of("proxy/admin-token"), List.of(port(PROXY_PORT), admin)));
        return components;
    }

    /** The databases the stack's PostgreSQL holds. */
    public List<String> databases() {
        return components().stream().map(Component::database).filter(Objects::nonNull).toList();
    }

    private Component app(String name, String module, int port, String database, List<String> more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl(database),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password="));
        arguments.addAll(more);
        return new Component(name, Path.of(module, "target", name + ".jar"), "http://localhost:" + port,
                "http://localhost:" + port + "/actuator/health/readiness", database, arguments, null, List.of(port));
    }
}
