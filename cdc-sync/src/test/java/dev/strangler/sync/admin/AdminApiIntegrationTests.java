package dev.strangler.sync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.support.contract.SyncAdminContract;
import dev.strangler.sync.CdcSyncApplication;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The app as shipped (sample pipeline, admin API, health, metrics) against real databases. */
// The app's pipeline must not outlive this class: a cached context would keep its stream running, holding the
// cluster-wide slot and replication origin names that the next test's pipeline of the same name needs.
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(classes = CdcSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "strangler.sync.pipelines=classpath*:pipelines/*.yaml", // the sample shop's, named
                "STRANGLER_ADMIN_TOKEN=" + AdminApiIntegrationTests.TOKEN, "strangler.sync.heartbeat=500ms",
                "STRANGLER_SYNC_ORDERS_AUTO_START=false" })
class AdminApiIntegrationTests {

    static final String TOKEN = "cdc-sync-admin-token-for-tests-0123456789";

    @RegisterExtension
    static final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private static final CustomerDatabases databases = pair.databases();

    @LocalServerPort
    int port;

    @Autowired
    dev.strangler.sync.pipeline.SyncPipelines pipelines;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        databases.register(registry, "CUSTOMER");
    }

    @AfterAll
    void stopPipelines() {
        pipelines.all().forEach(dev.strangler.sync.pipeline.SyncPipeline::stop);
    }

    @Test
    void refusesRequestsWithoutTheTokenAsProblemJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/pipelines")).GET(), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void listsTheSamplePipelineWithStateDirectionAndLag() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/pipelines")).GET(), TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"name\":\"customers\"", "\"state\":\"RUNNING\"",
                    "\"direction\":\"FORWARD\"", "\"lagMillis\"");
        });
    }

    @Test
    void rejectsASwitchWithoutAReasonNamingTheField() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/pipelines/customers/switch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"direction\":\"REVERSE\"}")), TOKEN);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"reason\"");
    }

    @Test
    void rejectsADirectionThatIsNeitherForwardNorReverseNamingTheField() throws Exception {
        HttpResponse<String> response = post("/pipelines/customers/switch",
                "{\"direction\":\"sideways\",\"reason\":\"a direction no pipeline has\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"direction\"", "must be forward or reverse");
        assertThat(send(HttpRequest.newBuilder(uri("/audit")).GET(), TOKEN).body())
                .doesNotContain("sideways");
    }

    @Test
    void keepsTheDirectionThePipelineAlreadyRunsAndAuditsTheRequest() throws Exception {
        HttpResponse<String> response = post("/pipelines/customers/switch",
                "{\"direction\":\"forward\",\"reason\":\"already forward: nothing to do\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"direction\":\"FORWARD\"");
        assertThat(send(HttpRequest.newBuilder(uri("/audit")).GET(), TOKEN).body())
                .contains("\"action\":\"switch to FORWARD\"", "already forward: nothing to do");
    }

    @Test
    void resyncsAMappedTableAndRefusesAnyOtherNamingTheField() throws Exception {
        HttpResponse<String> unknown = post("/pipelines/customers/resync", "{\"table\":\"customer\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("table: 'customer' is not a source table", "public.customers");
        HttpResponse<String> missing = post("/pipelines/customers/resync", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"table\"");

        databases.insertLegacyCustomer("Ines", "Mainz");
        HttpResponse<String> resynced = post("/pipelines/customers/resync",
                "{\"table\":\"customers\",\"reason\":\"drift found by the verifier\"}");
        assertThat(resynced.statusCode()).isEqualTo(200);
        assertThat(resynced.body()).contains("\"table\":\"public.customers\"", "\"rowsCopied\":",
                "\"rowsDeleted\":", "\"tookMillis\":");
        assertThat(send(HttpRequest.newBuilder(uri("/audit")).GET(), TOKEN).body())
                .contains("\"action\":\"resync customers\"", "drift found by the verifier");
    }

    @Test
    void reportsLagInBytesAndTheRecentRateOfOnePipeline() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/pipelines/customers")).GET(), TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"lagMillis\":", "\"lagBytes\":", "\"eventsPerSecond\":",
                "\"lastError\":");
    }

    @Test
    void answersAnUnknownPipelineWithNotFound() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/pipelines/invoices/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"test\"}")), TOKEN);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("No pipeline named 'invoices'");
    }

    @Test
    void stopsAndStartsAPipelineAndAuditsWhoAndWhy() throws Exception {
        HttpResponse<String> stopped = send(HttpRequest.newBuilder(uri("/pipelines/customers/stop"))
                .header("Content-Type", "application/json").header("X-Strangler-Actor", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"maintenance window\"}")), TOKEN);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).contains("\"state\":\"STOPPED\"");

        HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/pipelines/customers/start"))
                .header("Content-Type", "application/json").header("X-Strangler-Actor", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"maintenance over\"}")), TOKEN);
        assertThat(started.body()).contains("\"state\":\"RUNNING\"");

        String audit = send(HttpRequest.newBuilder(uri("/audit")).GET(), TOKEN).body();
        assertThat(audit).contains("\"actor\":\"alice\"", "\"action\":\"stop\"", "maintenance window");
    }

    @Test
    void syncsThroughTheAppAndReportsHealthAndMetrics() throws Exception {
        databases.insertLegacyCustomer("Hanna", "Trier");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows()));

        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET(), null);
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metric = send(HttpRequest.newBuilder(uri("/actuator/metrics/strangler.sync.changes"))
                .GET(), TOKEN);
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"pipeline\"", "customers");
    }

    @Test
    void refusesAnUnknownFieldNamingIt() throws Exception {
        HttpResponse<String> response = post("/pipelines/customers/switch",
                "{\"direction\":\"forward\",\"reasn\":\"a typo must not pass for no reason at all\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"reasn\"", "unknown field");
    }

    @Test
    void refusesAReasonThatWouldForgeAnAuditLineNamingIt() throws Exception {
        HttpResponse<String> response = post("/pipelines/customers/verify?repair=true",
                "{\"reason\":\"drift\\n2026-01-01T00:00:00Z AUDIT switch by root\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"reason\"", "control characters");
        assertThat(send(HttpRequest.newBuilder(uri("/audit")).GET(), TOKEN).body()).doesNotContain("AUDIT switch");
    }

    @Test
    void refusesABodyOverTheLimitWithContentTooLarge() throws Exception {
        HttpResponse<String> response = post("/pipelines/customers/switch",
                "{\"direction\":\"forward\",\"reason\":\"" + "x".repeat(100_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"body\"", "16384 bytes");
    }

    @Test
    void answersPipelinesAndHealthWhileAResyncRuns() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> pipelines.named("customers").orElseThrow().status().state()
                == dev.strangler.sync.pipeline.PipelineState.RUNNING);
        var postgres = databases.postgres();
        try (Connection service = DriverManager.getConnection(postgres.jdbcUrl(databases.service()),
                postgres.username(), postgres.password())) {
            // The resync's writes wait for this lock: a resync that runs as long as the test wants.
            service.setAutoCommit(false);
            service.createStatement().execute("LOCK TABLE customer IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<HttpResponse<String>> resync = http.sendAsync(HttpRequest.newBuilder(
                    uri("/pipelines/customers/resync")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"table\":\"customers\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingForTheLock(service));

            HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/pipelines")).timeout(Duration.ofSeconds(30))
                    .GET(), TOKEN);
            HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(30)).GET(), null);

            assertThat(resync).as("the resync, still waiting").isNotDone();
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"name\":\"customers\"");
            assertThat(health.body()).contains("\"status\"");
            service.rollback();
            assertThat(resync.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    /**
     * A pipeline moved to Kafka Connect (what {@code strangler export connect --from-running} records) is not started
     * here again, neither by a start nor by a restart's auto-start, and its status says where it runs and how far
     * the position applied there trails the WAL; moved back, it starts.
     */
    @Test
    void neverStartsAPipelineThatRunsOnKafkaConnectUntilItIsMovedBack() throws Exception {
        HttpResponse<String> notAUrl = post("/pipelines/customers/runs-on", "{\"engine\":\"kafka-connect\","
                + "\"url\":\"file:/etc/passwd\",\"connectors\":[\"a\"],\"reason\":\"moved\"}");
        assertThat(notAUrl.statusCode()).isEqualTo(400);
        assertThat(notAUrl.body()).contains("\"url\"", "must be the Kafka Connect cluster's http(s) URL");
        dev.strangler.sync.pipeline.SyncPipeline customers = pipelines.named("customers").orElseThrow();
        assertThat(customers.isRunning(dev.strangler.sync.mapping.Direction.FORWARD)).as("refused, nothing changed")
                .isTrue();
        try {
            HttpResponse<String> moved = post("/pipelines/customers/runs-on", "{\"engine\":\"kafka-connect\","
                    + "\"url\":\"http://connect.example:8083/\",\"connectors\":[\"strangler-customers-forward-source\","
                    + "\"strangler-customers-forward-sink\"],\"reason\":\"moved to Kafka Connect\"}");
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
            assertThat(moved.body()).contains("\"state\":\"ON_CONNECT\"", "\"engine\":\"kafka-connect\"",
                    "\"url\":\"http://connect.example:8083/\"", "\"appliedLsn\":");
            assertThat(moved.body()).doesNotContain("\"lagBytes\":-1", "\"appliedLsn\":null");
            assertThat(customers.isRunning(dev.strangler.sync.mapping.Direction.FORWARD)).isFalse();

            HttpResponse<String> start = post("/pipelines/customers/start", "{\"reason\":\"a second reader\"}");
            assertThat(start.statusCode()).isEqualTo(409);
            assertThat(start.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(start.body()).contains("runs on Kafka Connect at http://connect.example:8083/",
                    "strangler-customers-forward-source", "--back-to-running");
            assertThat(post("/pipelines/customers/switch", "{\"direction\":\"reverse\",\"reason\":\"cutover\"}")
                    .statusCode()).isEqualTo(409);
            pipelines.start(); // what a restart does: auto-start
            assertThat(customers.isRunning(dev.strangler.sync.mapping.Direction.FORWARD))
                    .as("auto-started next to Kafka Connect").isFalse();
            assertThat(customers.status().state()).isEqualTo(dev.strangler.sync.pipeline.PipelineState.ON_CONNECT);
        }
        finally {
            HttpResponse<String> back = post("/pipelines/customers/runs-on",
                    "{\"engine\":\"cdc-sync\",\"reason\":\"moved back\"}");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(back.body()).contains("\"state\":\"STOPPED\"", "\"runsOn\":null");
        }
        HttpResponse<String> started = post("/pipelines/customers/start", "{\"reason\":\"moved back\"}");
        assertThat(started.body()).contains("\"state\":\"RUNNING\"");
        assertThat(send(HttpRequest.newBuilder(uri("/audit")).GET(), TOKEN).body()).contains(
                "runs on kafka-connect at http://connect.example:8083/", "\"action\":\"runs on cdc-sync\"");
    }

    /**
     * What the plan console relies on from this API; the console's tests run the same contract against their stub
     * of it ({@code AdminApiStubContractTests}), so the two cannot drift apart.
     */
    @TestFactory
    Stream<DynamicTest> keepsTheContractTheControlPlaneReliesOn() {
        await().atMost(Duration.ofSeconds(60)).until(() -> pipelines.named("customers").orElseThrow().status().state()
                == dev.strangler.sync.pipeline.PipelineState.RUNNING);
        return SyncAdminContract.against(uri("/"), TOKEN, "customers");
    }

    private static boolean waitingForTheLock(Connection service) throws Exception {
        try (var rows = service.createStatement().executeQuery(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'customer'::regclass")) {
            return rows.next() && rows.getLong(1) > 0;
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), TOKEN);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
