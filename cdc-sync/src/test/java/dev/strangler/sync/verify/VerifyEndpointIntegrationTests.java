package dev.strangler.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.CdcSyncApplication;
import dev.strangler.sync.testing.AdminClient;
import dev.strangler.sync.testing.CustomerDatabases;
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
 * {@code POST /pipelines/{name}/verify} of the app as shipped, on the sample pipeline and real databases. The context
 * is closed afterwards: its running pipeline holds the stream's replication origin, which the server shares across
 * the test databases.
 */
@DirtiesContext
@SpringBootTest(classes = CdcSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "strangler.sync.pipelines=classpath*:pipelines/*.yaml", // the sample shop's, named
                "STRANGLER_ADMIN_TOKEN=" + AdminClient.TOKEN,
                "strangler.sync.heartbeat=500ms",
                "STRANGLER_SYNC_ORDERS_AUTO_START=false" })
class VerifyEndpointIntegrationTests {

    @RegisterExtension
    static final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private static final CustomerDatabases databases = pair.databases();
    private static long ada;
    private static long bob;

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        databases.register(registry, "CUSTOMER");
    }

    @BeforeAll
    static void sampleCustomers() {
        ada = databases.insertLegacyCustomer("Ada", "Berlin");
        bob = databases.insertLegacyCustomer("Bob", null);
        databases.insertLegacyCustomer("Cleo", "Hamburg");
    }

    @Test
    void reportsInSyncThenNamesTheCustomerAndColumnChangedDirectlyInTheService() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode report = verify("");
            assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.get("rowsCompared").asLong()).isEqualTo(3);
        });

        databases.run(databases.service(), "UPDATE customer SET family_name = 'Changed' WHERE id = " + ada);
        JsonNode report = verify("");

        assertThat(report.get("pipeline").asString()).isEqualTo("customers");
        assertThat(report.get("inSync").asBoolean()).isFalse();
        assertThat(report.get("sourcePosition").asString()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(report.get("missing")).isEmpty();
        assertThat(report.get("extra")).isEmpty();
        assertThat(report.get("differing")).hasSize(1);
        JsonNode row = report.get("differing").get(0);
        assertThat(row.get("key").get("id").asLong()).isEqualTo(ada);
        assertThat(row.get("columns")).hasSize(1);
        assertThat(row.get("columns").get(0).get("column").asString()).isEqualTo("customer.family_name");
        assertThat(row.get("columns").get(0).get("source").asString()).isEqualTo("Legacy");
        assertThat(row.get("columns").get(0).get("target").asString()).isEqualTo("Changed");
        assertThat(report.has("queries") && report.has("inFlight") && report.has("tookMillis")).isTrue();
    }

    @Test
    void verifiesWithAnEmptyJsonBodyAsThePlanRunnerSendsIt() throws Exception {
        HttpResponse<String> response = send("", "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("pipeline").asString()).isEqualTo("customers");
    }

    @Test
    void refusesARepairWithoutAReasonNamingTheField() throws Exception {
        HttpResponse<String> response = send("?repair=true", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("reason");
    }

    @Test
    void refusesARepairFlagThatIsNotABoolean() throws Exception {
        HttpResponse<String> response = send("?repair=maybe", "{\"reason\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("repair");
    }

    @Test
    void repairsADeletedCustomerThroughThePipelineAndAuditsWhoAndWhy() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer WHERE id = " + bob) == 1);
        databases.run(databases.service(), "DELETE FROM customer WHERE id = " + bob);

        HttpResponse<String> response = send("?repair=true", "{\"reason\":\"customer lost in the service\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.get("inSync").asBoolean()).as(response.body()).isTrue();
        assertThat(report.get("repaired").toString()).contains("\"id\":" + bob);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + bob))
                .isEqualTo(1);
        String audit = admin().get("/audit").body();
        assertThat(audit).contains("\"actor\":\"carol\"", "\"action\":\"verify and repair\"",
                "customer lost in the service");
    }

    @Test
    void refusesAVerificationWithoutTheToken() throws Exception {
        HttpResponse<String> response = admin().postAnonymously("/pipelines/customers/verify");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private JsonNode verify(String query) throws Exception {
        HttpResponse<String> response = send(query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String query, String body) throws Exception {
        return admin().as("carol").post("/pipelines/customers/verify" + query, body);
    }

    private AdminClient admin() {
        return new AdminClient(port, AdminClient.TOKEN);
    }
}
