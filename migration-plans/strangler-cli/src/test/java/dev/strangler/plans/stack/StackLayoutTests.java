package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sample shop's stack file ({@code strangler.yaml} at the repository root) laid out on this machine. */
class StackLayoutTests {

    private static final Path REPO = Path.of("/repo");

    private final StackLayout layout = StackLayout.of(StackFile.read(TestStacks.SHOP), REPO,
            Path.of("/home/me/.strangler"), 0);

    @Test
    void startsTheMonolithFirstAndTheProxyLastOnceItsBackendsAnswer() {
        assertThat(layout.components()).extracting(Component::name).containsExactly("monolith",
                "customer-service", "order-service", "cdc-sync", "plan-console", "strangler-proxy");
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
    void findsTheAppsJarsBesideTheStackFileAndTheEnginesInTheKit() {
        assertThat(layout.components()).extracting(Component::jar).containsExactly(
                TestStacks.REPOSITORY.resolve("legacy-monolith/target/legacy-monolith.jar"),
                TestStacks.REPOSITORY.resolve("extracted-services/customer-service/target/customer-service.jar"),
                TestStacks.REPOSITORY.resolve("extracted-services/order-service/target/order-service.jar"),
                REPO.resolve("cdc-sync/target/cdc-sync.jar"),
                REPO.resolve("migration-plans/plan-console/target/plan-console.jar"),
                REPO.resolve("strangler-proxy/target/strangler-proxy.jar"));
    }

    @Test
    void handsEachEngineOnlyWhatTheStackFileNames() {
        Component proxy = layout.components().get(5);
        assertThat(proxy.arguments()).contains("--STRANGLER_RULES=file:" + TestStacks.REPOSITORY.resolve(
                "strangler-proxy/src/main/resources/rules/sample-shop.yaml"));
        assertThat(layout.components().get(3).arguments()).contains("--strangler.sync.pipelines=file:"
                + TestStacks.REPOSITORY.resolve("cdc-sync/src/main/resources/pipelines") + "/*.yaml");
        assertThat(layout.components().get(4).arguments()).contains("--strangler.console.plans="
                + TestStacks.REPOSITORY.resolve("migration-plans/plans"), "--strangler.console.monolith-classes="
                + TestStacks.REPOSITORY.resolve("legacy-monolith/target/classes"));
        assertThat(layout.enginesLeftOut()).isEmpty();
    }

    @Test
    void movesEveryPortByTheOffsetSoThatTwoStacksDoNotCollide() {
        StackLayout shifted = StackLayout.of(StackFile.read(TestStacks.SHOP), REPO, Path.of("/tmp/h"), 300);

        assertThat(shifted.ports()).containsExactly(5733, 8380, 8381, 8382, 8390, 8395, 8300, 8301);
        assertThat(shifted.components()).allSatisfy(component -> assertThat(component.arguments())
                .noneMatch(argument -> argument.matches(".*[:=](80[0-9][0-9]|5433)(/.*)?$")));
        Component proxy = shifted.components().get(5);
        assertThat(proxy.arguments()).contains("--server.port=8300", "--strangler.proxy.admin.port=8301",
                "--strangler.proxy.backends.monolith=http://localhost:8380",
                "--strangler.proxy.backends.customer-service=http://localhost:8381",
                "--strangler.proxy.backends.order-service=http://localhost:8382");
        assertThat(shifted.components().get(4).arguments()).contains("--server.port=8395", "--strangler.home=/tmp/h",
                "--strangler.console.proxy-admin-url=http://127.0.0.1:8301/",
                "--strangler.console.sync-admin-url=http://127.0.0.1:8390/");
        assertThat(shifted.components().get(4).healthUrl()).isEqualTo("http://127.0.0.1:8395/health");
        assertThat(shifted.components().get(2).arguments()).contains(
                "--order-service.monolith.base-url=http://localhost:8380",
                "--order-service.customer-service.base-url=http://localhost:8381");
        assertThat(shifted.components().get(3).arguments()).contains("--server.port=8390",
                "--STRANGLER_SHOP_DB_URL=jdbc:postgresql://localhost:5733/shop");
        assertThat(shifted.components().get(0).healthUrl()).isEqualTo("http://localhost:8380/actuator/health/readiness");
        assertThat(proxy.healthUrl()).isEqualTo("http://127.0.0.1:8301/admin/health");
    }
}
