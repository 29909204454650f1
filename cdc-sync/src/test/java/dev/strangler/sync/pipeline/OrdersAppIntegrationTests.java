package dev.strangler.sync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.CdcSyncApplication;
import dev.strangler.sync.testing.AdminClient;
import dev.strangler.sync.testing.OrderDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * The app as shipped with its {@code orders} pipeline. {@code POST /pipelines/orders/resync}: the pipeline derives
 * {@code purchase_order.customer_name} through a lookup in the legacy {@code customers} table, and a resync fills it
 * like the stream does. The sample opts in to {@code capture.replica-identity: full}: capture sets it only on the
 * legacy table that needs it and audits that with the undo.
 */
@DirtiesContext
@SpringBootTest(classes = CdcSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "strangler.sync.pipelines=classpath*:pipelines/*.yaml", // the sample shop's, named
                "STRANGLER_ADMIN_TOKEN=" + AdminClient.TOKEN, "strangler.sync.heartbeat=500ms",
                "STRANGLER_SYNC_CUSTOMERS_AUTO_START=false" })
class OrdersAppIntegrationTests {

    @RegisterExtension
    static final PairOfDatabases<OrderDatabases> pair = PairOfDatabases.orders();
    private static final OrderDatabases databases = pair.databases();
    private static long ada;
    private static long order;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        databases.pointTheApp(registry);
    }

    @BeforeAll
    static void sampleOrders() {
        ada = databases.legacyCustomer("Ada", "Lovelace");
        databases.legacyOrder(ada, 2);
        order = databases.legacyOrder(ada, 3);
    }

    @Test
    void resyncsOrdersFillingTheDerivedCustomerNameAndTheirLines() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM order_line") == 5);
        databases.run(databases.service(), "UPDATE purchase_order SET customer_name = 'Corrupt', total_cents = 1; "
                + "DELETE FROM order_line WHERE order_id = " + order + " AND line_no = 2");

        JsonNode orders = resync("orders");
        JsonNode lines = resync("order_lines");

        assertThat(orders.get("table").asString()).isEqualTo("public.orders");
        assertThat(orders.get("rowsCopied").asLong()).isEqualTo(2);
        assertThat(lines.get("rowsCopied").asLong()).isEqualTo(5);
        assertThat(databases.rows(databases.service(), "SELECT DISTINCT customer_name, total_cents FROM purchase_order "
                + "WHERE id = " + order)).containsExactly(List.of("Ada Lovelace", "1350"));
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM order_line WHERE order_id = " + order))
                .isEqualTo(3);
    }

    @Test
    void setsReplicaIdentityFullOnlyWhereTheOptedInMappingNeedsItAndAuditsTheUndo() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM order_line") >= 5);

        // order_lines is keyed by its unique (order_id, line_no), not its primary key; orders by its primary key.
        assertThat(databases.rows(databases.legacy(), "SELECT relname, relreplident FROM pg_class WHERE relname IN "
                + "('orders', 'order_lines') ORDER BY relname"))
                .containsExactly(List.of("order_lines", "f"), List.of("orders", "d"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/audit"))
                .header("Authorization", "Bearer " + AdminClient.TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode audit = json.readTree(response.body());
        assertThat(audit.valueStream().filter(e -> e.get("action").asString().startsWith("replica-identity"))
                .toList()).singleElement().satisfies(entry -> {
                    assertThat(entry.get("action").asString()).isEqualTo("replica-identity full public.order_lines");
                    assertThat(entry.get("pipeline").asString()).isEqualTo("orders");
                    assertThat(entry.get("outcome").asString())
                            .isEqualTo("done; undo: ALTER TABLE public.order_lines REPLICA IDENTITY DEFAULT;");
                });
    }

    private JsonNode resync(String table) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/pipelines/orders/resync"))
                .header("Authorization", "Bearer " + AdminClient.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"table\": \"" + table + "\", \"reason\": \"drift\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
