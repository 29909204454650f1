package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/routes/{id}/traffic}: who answered a rule's requests in a window, counted by the routing filter
 * as requests pass through a real gateway, and whether the proxy's in-memory history covers the window.
 */
class TrafficHistoryIntegrationTests {

    @TempDir
    static Path home;

    static TestBackend monolith;

    static TestBackend customers;

    static TestBackend orders;

    static RunningProxy proxy;

    @BeforeAll
    static void start() {
        monolith = TestBackend.start("monolith");
        customers = TestBackend.start("customer-service");
        orders = TestBackend.start("order-service");
        proxy = RunningProxy.start(home, RunningProxy.backends(monolith, customers, orders));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        monolith.close();
        customers.close();
        orders.close();
    }

    @Test
    void countsEveryWayTheMonolithAnsweredARuleApartFromTheServicesAnswers() {
        proxy.switchRule("customers-read", "MONOLITH", 0);
        assertThat(proxy.get("/api/customers/1").statusCode()).isEqualTo(200);
        proxy.switchRule("customers-read", "SHADOW", 0);
        assertThat(proxy.get("/api/customers/2").statusCode()).isEqualTo(200);
        proxy.switchRule("customers-read", "SERVICE", 0);
        assertThat(proxy.get("/api/customers/3").statusCode()).isEqualTo(200);
        customers.answerStatus(500);
        HttpResponse<String> fellBack = proxy.get("/api/customers/4");
        assertThat(fellBack.headers().firstValue("X-Strangler-Target")).hasValue("monolith");

        HttpResponse<String> traffic = proxy.admin("GET", "/admin/routes/customers-read/traffic?window=PT15M", null);

        assertThat(traffic.statusCode()).isEqualTo(200);
        assertThat(traffic.body()).contains("\"rule\":\"customers-read\"", "\"window\":\"PT15M\"",
                "\"byBackend\":{\"monolith\":1,\"service\":1,\"fallback\":1,\"shadow\":1}", "\"monolithAnswered\":3",
                "\"covered\":false", "\"historySince\":");
        assertThat(proxy.admin("GET", "/admin/routes/orders-read/traffic?window=PT15M", null).body())
            .contains("\"monolithAnswered\":0");
    }

    @Test
    void aWindowIsCoveredOnlyOnceTheProxyHasRunThatLong() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                proxy.admin("GET", "/admin/routes/orders-write/traffic?window=PT2S", null).body())
            .contains("\"covered\":true"));
        assertThat(proxy.admin("GET", "/admin/routes/orders-write/traffic?window=PT24H", null).body())
            .contains("\"covered\":false");
    }

    @Test
    void refusesAWindowItCannotAnswerNamingTheField() {
        for (String window : new String[] { "30s", "PT25H", "PT0S", "-PT1M" }) {
            HttpResponse<String> response = proxy.admin("GET", "/admin/routes/orders-read/traffic?window=" + window,
                    null);

            assertThat(response.statusCode()).as(window).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"field\":\"window\"", "from PT1S to PT24H");
        }
    }

    @Test
    void answersOnlyForKnownRulesAndOnlyWithTheToken() {
        assertThat(proxy.admin("GET", "/admin/routes/payments-read/traffic", null).statusCode()).isEqualTo(404);
        assertThat(proxy.adminWithoutToken("GET", "/admin/routes/orders-read/traffic", null).statusCode())
            .isEqualTo(401);
    }

}
