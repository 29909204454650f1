package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/routes/{id}/traffic}: who answered a rule's requests in a window, counted by the routing filter
 * as requests pass through a real gateway, and whether the proxy's in-memory history covers the window.
 */
class TrafficHistoryIntegrationTests {

    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends.start();

    @Test
    void countsEveryWayTheMonolithAnsweredARuleApartFromTheServicesAnswers() {
        stack.proxy().switchRule("customers-read", "MONOLITH", 0);
        assertThat(stack.proxy().get("/api/customers/1").statusCode()).isEqualTo(200);
        stack.proxy().switchRule("customers-read", "SHADOW", 0);
        assertThat(stack.proxy().get("/api/customers/2").statusCode()).isEqualTo(200);
        stack.proxy().switchRule("customers-read", "SERVICE", 0);
        assertThat(stack.proxy().get("/api/customers/3").statusCode()).isEqualTo(200);
        stack.customers().answerStatus(500);
        HttpResponse<String> fellBack = stack.proxy().get("/api/customers/4");
        assertThat(fellBack.headers().firstValue("X-Strangler-Target")).hasValue("monolith");

        HttpResponse<String> traffic = stack.proxy().admin("GET", "/admin/routes/customers-read/traffic?window=PT15M",
                null);

        assertThat(traffic.statusCode()).isEqualTo(200);
        assertThat(traffic.body()).contains("\"rule\":\"customers-read\"", "\"window\":\"PT15M\"",
                "\"byBackend\":{\"monolith\":1,\"service\":1,\"fallback\":1,\"shadow\":1}", "\"monolithAnswered\":3",
                "\"covered\":false", "\"historySince\":");
        assertThat(stack.proxy().admin("GET", "/admin/routes/orders-read/traffic?window=PT15M", null).body())
            .contains("\"monolithAnswered\":0");
    }

    @Test
    void aWindowIsCoveredOnlyOnceTheProxyHasRunThatLong() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                stack.proxy().admin("GET", "/admin/routes/orders-write/traffic?window=PT2S", null).body())
            .contains("\"covered\":true"));
        assertThat(stack.proxy().admin("GET", "/admin/routes/orders-write/traffic?window=PT24H", null).body())
            .contains("\"covered\":false");
    }

    @Test
    void refusesAWindowItCannotAnswerNamingTheField() {
        for (String window : new String[] { "30s", "PT25H", "PT0S", "-PT1M" }) {
            HttpResponse<String> response = stack.proxy()
                .admin("GET", "/admin/routes/orders-read/traffic?window=" + window, null);

            assertThat(response.statusCode()).as(window).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"field\":\"window\"", "from PT1S to PT24H");
        }
    }

    @Test
    void answersOnlyForKnownRulesAndOnlyWithTheToken() {
        assertThat(stack.proxy().admin("GET", "/admin/routes/payments-read/traffic", null).statusCode()).isEqualTo(404);
        assertThat(stack.proxy().adminWithoutToken("GET", "/admin/routes/orders-read/traffic", null).statusCode())
            .isEqualTo(401);
    }

}
