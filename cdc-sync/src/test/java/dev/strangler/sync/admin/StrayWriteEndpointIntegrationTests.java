package dev.strangler.sync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.CdcSyncApplication;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.pipeline.SyncPipelines;
import dev.strangler.sync.testing.AdminClient;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stray-write contract of the admin API after cutover: status ({@code strayWrites}, {@code slots}), the list
 * since a moment (the retire gate reads it), health, audit, and the replay with its errors.
 */
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(classes = CdcSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "strangler.sync.pipelines=classpath*:pipelines/*.yaml", // the sample shop's, named
                "STRANGLER_ADMIN_TOKEN=" + AdminClient.TOKEN, "strangler.sync.heartbeat=500ms",
                "STRANGLER_SYNC_ORDERS_AUTO_START=false" })
class StrayWriteEndpointIntegrationTests {

    @RegisterExtension
    static final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private static final CustomerDatabases databases = pair.databases();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    SyncPipelines pipelines;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        databases.register(registry, "CUSTOMER");
    }

    @AfterAll
    void stopPipelines() {
        pipelines.all().forEach(SyncPipeline::stop);
    }

    @Test
    void reportsAStrayWriteInStatusListHealthAndAuditAndReplaysItOnRequest() throws Exception {
        long customer = databases.insertLegacyCustomer("Ada", "Berlin");
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer WHERE id = " + customer) == 1);
        HttpResponse<String> reversed = post("/pipelines/customers/switch",
                "{\"direction\":\"reverse\",\"reason\":\"writes moved to the service\"}");
        assertThat(reversed.statusCode()).isEqualTo(200);
        assertThat(health().body()).contains("\"status\":\"UP\"");

        Instant before = Instant.now().minusSeconds(1);
        databases.run(databases.legacy(), "UPDATE customers SET city = 'Bonn' WHERE id = " + customer);
        JsonNode status = await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(get("/pipelines/customers")
                .body()), node -> node.get("strayWrites").get("count").asLong() == 1);
        JsonNode last = status.get("strayWrites").get("last").get(0);
        assertThat(last.get("table").asString()).isEqualTo("public.customers");
        assertThat(last.get("key").get("id").asLong()).isEqualTo(customer);
        assertThat(last.get("operation").asString()).isEqualTo("UPDATE");
        for (String field : new String[] { "id", "lsn", "txId", "commitTime" }) {
            assertThat(last.has(field)).as(field).isTrue();
        }
        assertThat(status.get("slots").findValuesAsString("name"))
                .contains("strangler_customers_forward", "strangler_customers_reverse");
        assertThat(status.get("slots").get(0).has("retainedWalBytes")).isTrue();
        assertThat(status.get("slots").get(0).has("active")).isTrue();

        JsonNode since = JSON.readTree(get("/pipelines/customers/stray-writes?since=" + before).body());
        assertThat(since.get("count").asInt()).isEqualTo(1);
        assertThat(since.get("writes").get(0).get("id").asLong()).isEqualTo(last.get("id").asLong());
        assertThat(JSON.readTree(get("/pipelines/customers/stray-writes?since=" + Instant.now().plusSeconds(60))
                .body()).get("count").asInt()).isZero();
        HttpResponse<String> badSince = get("/pipelines/customers/stray-writes?since=yesterday");
        assertThat(badSince.statusCode()).isEqualTo(400);
        assertThat(badSince.body()).contains("since: 'yesterday' is not an ISO-8601 instant");

        HttpResponse<String> degraded = health();
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(degraded.body()).contains("\"status\":\"DEGRADED\"");
        assertThat(get("/audit").body()).contains("\"action\":\"stray write\"", "UPDATE public.customers");
        assertThat(get("/actuator/metrics/strangler.sync.stray.writes").body()).contains("\"value\":1.0");

        long id = last.get("id").asLong();
        HttpResponse<String> noReason = post("/pipelines/customers/stray-writes/" + id + "/replay", "{}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("\"reason\"");
        HttpResponse<String> unknown = post("/pipelines/customers/stray-writes/" + (id + 1000) + "/replay",
                "{\"reason\":\"carry it\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        HttpResponse<String> replayed = post("/pipelines/customers/stray-writes/" + id + "/replay",
                "{\"reason\":\"the nightly address job still writes the legacy table\"}");
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.body()).contains("\"applied\":\"UPSERT\"");
        assertThat(databases.rows(databases.service(), "SELECT city FROM customer_address WHERE customer_id = "
                + customer)).containsExactly(java.util.List.of("Bonn"));
        assertThat(get("/audit").body()).contains("\"action\":\"replay stray write " + id + "\"", "done: UPSERT");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(health().body())
                .contains("\"status\":\"UP\""));
    }

    private HttpResponse<String> health() throws Exception {
        return admin().getAnonymously("/actuator/health");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return admin().get(path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return admin().post(path, body);
    }

    private AdminClient admin() {
        return new AdminClient(port, AdminClient.TOKEN);
    }
}
