package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackLayoutTests {

    private final StackLayout layout = new StackLayout(Path.of("/repo"), Path.of("/home/me/.strangler"), 5433);

    @Test
    void startsTheMonolithFirstAndTheProxyLastOnceItsBackendsAnswer() {
        assertThat(layout.components()).extracting(Component::name).containsExactly("legacy-monolith",
                "customer-service", "order-service", "cdc-sync", "strangler-proxy");
    }

    @Test
    void holdsTheSharedAndEachServiceDatabaseOnOneServer() {
        assertThat(layout.databases()).containsExactly("shop", "customers", "orders");
        assertThat(layout.components().get(1).arguments())
                .contains("--spring.datasource.url=jdbc:postgresql://localhost:5433/customers");
    }

    @Test
    void keepsAllStateUnderTheHomeDirectory() {
        assertThat(layout.postgresData()).isEqualTo(Path.of("/home/me/.strangler/postgres"));
        assertThat(layout.logs()).startsWithRaw(layout.home());
        assertThat(layout.pids()).startsWithRaw(layout.home());
    }

    @Test
    void findsEachAppAsTheJarItsModuleBuilds() {
        assertThat(layout.components()).extracting(Component::jar).containsExactly(
                Path.of("legacy-monolith/target/legacy-monolith.jar"),
                Path.of("extracted-services/customer-service/target/customer-service.jar"),
                Path.of("extracted-services/order-service/target/order-service.jar"),
                Path.of("cdc-sync/target/cdc-sync.jar"),
                Path.of("strangler-proxy/target/strangler-proxy.jar"));
    }
}
