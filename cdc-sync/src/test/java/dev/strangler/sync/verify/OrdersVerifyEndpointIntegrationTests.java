package dev.strangler.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.CdcSyncApplication;
import dev.strangler.sync.testing.AdminClient;
import dev.strangler.sync.testing.OrderDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /pipelines/orders/verify} of the app as shipped, with its {@code orders} pipeline running forward on
 * the monolith's and order-service's real schemas: in sync once synced (the derived customer name and the generated
 * reservation ids agree), and a changed line is named by its order.
 */
@DirtiesContext
@SpringBootTest(classes = CdcSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "strangler.sync.pipelines=classpath*:pipelines/*.yaml", // the sample shop's, named
                "STRANGLER_ADMIN_TOKEN=" + AdminClient.TOKEN,
                "strangler.sync.heartbeat=500ms",
                "STRANGLER_SYNC_CUSTOMERS_AUTO_START=false" })
class OrdersVerifyEndpointIntegrationTests {

    @RegisterExtension
    static final PairOfDatabases<OrderDatabases> pair = PairOfDatabases.orders();
    private static final OrderDatabases databases = pair.databases();
    private static long order;

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        databases.pointTheApp(registry);
    }

    @BeforeAll
    static void sampleOrders() {
        long ada = databases.legacyCustomer("Ada", "Lovelace");
        databases.legacyOrder(ada, 2);
        order = databases.legacyOrder(ada, 3);
    }

    @Test
    void reportsInSyncThenNamesTheOrderWhoseLineChangedInTheService() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode report = verify();
            assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.get("rowsCompared").asLong()).isEqualTo(4); // two orders, lines grouped by order
        });

        databases.run(databases.service(), "UPDATE order_line SET sku = 'MUG-2' WHERE order_id = " + order
                + " AND line_no = 3");
        JsonNode report = verify();
        assertThat(report.get("inSync").asBoolean()).isFalse();
        assertThat(report.get("differing")).singleElement().satisfies(row -> {
            assertThat(row.get("key").get("order_id").asLong()).isEqualTo(order);
            assertThat(row.get("key").get("table").asString()).isEqualTo("public.order_lines");
            assertThat(row.get("columns").get(0).get("column").asString()).isEqualTo("order_line.sku");
        });
    }

    /**
     * After a rollback from cutover the pipeline runs forward again, while order-service keeps the orders whose
     * placement it rejected (and their priced lines): the pipeline's reverse-when never carried them to the shared
     * database, so they are the service's own rows, not drift. Counted as extra, they kept the verifier gate of
     * serve-reads from ever holding, and the plan from cutting over again.
     */
    @Test
    void leavesAnOrderTheServiceRejectedOutOfTheForwardComparison() throws Exception {
        long rejected = 900_000 + order;
        databases.run(databases.service(), "INSERT INTO purchase_order (id, customer_id, customer_name, status, "
                + "total_cents, currency, placed_at, modified_at, revision) VALUES (" + rejected + ", 1, 'Ada "
                + "Lovelace', 'REJECTED', 700, 'EUR', now(), now(), 2)");
        databases.run(databases.service(), "INSERT INTO order_line (order_id, line_no, sku, quantity, reservation_id, "
                + "product_name, unit_price_cents) VALUES (" + rejected + ", 1, 'MUG-1', 1, gen_random_uuid(), 'Mug', "
                + "700)");

        try {
            JsonNode report = verify();

            assertThat(report.get("extra")).as(report.toString()).isEmpty();
        }
        finally {
            databases.run(databases.service(), "DELETE FROM purchase_order WHERE id = " + rejected);
        }
    }

    private JsonNode verify() throws Exception {
        HttpResponse<String> response = new AdminClient(port, AdminClient.TOKEN).post("/pipelines/orders/verify",
                null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
