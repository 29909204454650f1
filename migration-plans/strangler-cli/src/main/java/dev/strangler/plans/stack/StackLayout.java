package dev.strangler.plans.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole strangled system on one machine: one PostgreSQL server holding the shared database ({@code shop})
 * and each service's own, then the apps in start order (the proxy last, once its backends answer).
 *
 * @param repository the repository root, where the jars are built
 * @param home {@code $STRANGLER_HOME}: the PostgreSQL data, logs and PID files
 * @param postgresPort the port of the stack's PostgreSQL
 */
public record StackLayout(Path repository, Path home, int postgresPort) {

    public static final int DEFAULT_POSTGRES_PORT = 5433;

    public Path postgresData() {
        return home.resolve("postgres");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path pids() {
        return home.resolve("run");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }

    /** The apps, in the order they start; {@code down} stops them in reverse. */
    public List<Component> components() {
        List<Component> components = new ArrayList<>();
        components.add(app("legacy-monolith", "legacy-monolith", 8080, "shop"));
        components.add(app("customer-service", "extracted-services/customer-service", 8081, "customers"));
        components.add(app("order-service", "extracted-services/order-service", 8082, "orders"));
        // The sample pipelines name their databases through placeholders; hand them the stack's.
        components.add(new Component("cdc-sync", Path.of("cdc-sync/target/cdc-sync.jar"), "http://127.0.0.1:8090",
                "http://127.0.0.1:8090/actuator/health/readiness", null, List.of(
                        "--STRANGLER_SHOP_DB_URL=" + jdbcUrl("shop"),
                        "--STRANGLER_CUSTOMER_DB_URL=" + jdbcUrl("customers")), Path.of("cdc-sync/admin-token")));
        components.add(new Component("strangler-proxy", Path.of("strangler-proxy/target/strangler-proxy.jar"),
                "http://localhost:8000", "http://127.0.0.1:8001/admin/health", null, List.of(),
                Path.of("proxy/admin-token")));
        return components;
    }

    /** The databases the stack's PostgreSQL holds. */
    public List<String> databases() {
        return components().stream().map(Component::database).filter(java.util.Objects::nonNull).toList();
    }

    private Component app(String name, String module, int port, String database) {
        return new Component(name, Path.of(module, "target", name + ".jar"), "http://localhost:" + port,
                "http://localhost:" + port + "/actuator/health/readiness", database, List.of(
                        "--spring.datasource.url=" + jdbcUrl(database),
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password="), null);
    }
}
