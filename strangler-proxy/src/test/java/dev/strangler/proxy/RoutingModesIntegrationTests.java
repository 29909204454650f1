package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every route mode through the real gateway in front of real backends, asserting which backend answered.
 */
class RoutingModesIntegrationTests {

    // A short response timeout for the hanging backend; failures here are provoked on purpose (the guard against
    // them has its own test).
    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends
            .withProperty("spring.cloud.gateway.server.webflux.httpclient.response-timeout", "1s")
            .and("strangler.proxy.rollback.enabled", "false");

    @BeforeEach
    void resetRulesAndBackends() {
        for (String rule : new String[] { "customers-read", "customers-write", "orders-read", "orders-write" }) {
            stack.proxy().switchRule(rule, "MONOLITH", 0);
        }
        stack.reset();
    }

    @Test
    void requestsNoRuleMatchesGoToTheMonolithOnTheDefaultRoute() {
        stack.proxy().switchRule("customers-read", "SERVICE", 0);

        HttpResponse<String> response = stack.proxy().get("/api/products/7?sort=name");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Strangler-Route")).hasValue("default");
        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(stack.monolith().received()).singleElement().satisfies((received) -> {
            assertThat(received.rawPath()).isEqualTo("/api/products/7");
            assertThat(received.rawQuery()).isEqualTo("sort=name");
        });
    }

    @Test
    void monolithModeKeepsTheEndpointOnTheMonolith() {
        HttpResponse<String> response = stack.proxy().get("/api/customers/1");

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(stack.customers().received()).isEmpty();
    }

    @Test
    void serviceModeSendsReadsAndWritesToTheService() {
        stack.proxy().switchRule("customers-read", "SERVICE", 0);
        stack.proxy().switchRule("customers-write", "SERVICE", 0);

        HttpResponse<String> read = stack.proxy().get("/api/customers/1");
        HttpResponse<String> write = stack.proxy().send("POST", "/api/customers", "{\"name\":\"Ada\"}",
                "Content-Type", "application/json");

        assertThat(read.headers().firstValue("X-Strangler-Target")).hasValue("customer-service");
        assertThat(write.headers().firstValue("X-Strangler-Target")).hasValue("customer-service");
        assertThat(stack.customers().received()).extracting(TestBackend.Received::method)
            .containsExactly("GET", "POST");
        assertThat(stack.customers().received().get(1).body()).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(stack.monolith().received()).isEmpty();
    }

    @Test
    void readsFallBackToTheMonolithWhenTheServiceAnswersWithAServerError() {
        stack.proxy().switchRule("customers-read", "SERVICE", 0);
        stack.customers().answerStatus(500);

        HttpResponse<String> response = stack.proxy().get("/api/customers/1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(response.body()).contains("\"backend\":\"monolith\"");
        assertThat(stack.customers().received()).hasSize(1);
        assertThat(fallbacks("customers-read")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void readsFallBackToTheMonolithWhenTheServiceTimesOut() {
        stack.proxy().switchRule("customers-read", "SERVICE", 0);
        stack.customers().hang();

        HttpResponse<String> response = stack.proxy().get("/api/customers/2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
    }

    @Test
    void aMonolithThatDoesNotAnswerInTimeGetsTheClientAGatewayTimeoutProblem() {
        stack.monolith().hang();

        HttpResponse<String> response = stack.proxy().get("/api/customers/3");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("The backend 'monolith' did not answer in time");
        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
    }

    @Test
    void writesGetAProblemAndAreNeverReplayedOnTheMonolithWhenTheServiceFails() {
        stack.proxy().switchRule("customers-write", "SERVICE", 0);
        stack.customers().answerStatus(502);

        HttpResponse<String> response = stack.proxy().send("POST", "/api/customers", "{\"name\":\"Ada\"}",
                "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":503", "not replayed");
        assertThat(stack.customers().received()).hasSize(1);
        assertThat(stack.monolith().received()).isEmpty();
    }

    @Test
    void canaryKeepsEachCallerOnOneSideForEveryRuleOfTheGroup() {
        stack.proxy().switchRule("customers-read", "CANARY", 50);
        stack.proxy().switchRule("customers-write", "CANARY", 50);

        Map<String, String> sideOfUser = new HashMap<>();
        for (int user = 0; user < 40; user++) {
            String id = "user-" + user;
            String readSide = stack.proxy().get("/api/customers/" + user, "X-User-Id", id)
                .headers()
                .firstValue("X-Strangler-Target")
                .orElseThrow();
            String readAgain = stack.proxy().get("/api/customers/" + (user + 100), "X-User-Id", id)
                .headers()
                .firstValue("X-Strangler-Target")
                .orElseThrow();
            String writeSide = stack.proxy().send("PUT", "/api/customers/" + user, "{}", "X-User-Id", id)
                .headers()
                .firstValue("X-Strangler-Target")
                .orElseThrow();
            assertThat(readAgain).as("second read of %s", id).isEqualTo(readSide);
            assertThat(writeSide).as("write of %s", id).isEqualTo(readSide);
            sideOfUser.put(id, readSide);
        }
        assertThat(Set.copyOf(sideOfUser.values())).containsExactlyInAnyOrder("monolith", "customer-service");
    }

    @Test
    void canaryAtZeroAndHundredPercentSendsEveryoneToOneSide() {
        stack.proxy().switchRule("orders-read", "CANARY", 0);
        Set<String> atZero = IntStream.range(0, 20)
            .mapToObj((user) -> target(stack.proxy().get("/api/orders/1", "X-User-Id", "u" + user)))
            .collect(Collectors.toSet());
        stack.proxy().switchRule("orders-read", "CANARY", 100);
        Set<String> atHundred = IntStream.range(0, 20)
            .mapToObj((user) -> target(stack.proxy().get("/api/orders/1", "X-User-Id", "u" + user)))
            .collect(Collectors.toSet());

        assertThat(atZero).containsExactly("monolith");
        assertThat(atHundred).containsExactly("order-service");
    }

    @Test
    void shadowAnswersFromTheMonolithAndReportsDifferencesWithTheirJsonPaths() {
        stack.proxy().switchRule("customers-read", "SHADOW", 0);
        stack.monolith().answerWith((exchange, backend, body) -> TestBackend.respond(exchange, 200, "application/json",
                "{\"id\":1,\"name\":\"Ada\",\"tier\":\"gold\",\"updatedAt\":\"2020-01-01\"}"));
        stack.customers().answerWith((exchange, backend, body) -> TestBackend.respond(exchange, 200, "application/json",
                "{\"id\":1,\"name\":\"Ada\",\"tier\":\"silver\",\"updatedAt\":\"2026-11-30\"}"));

        HttpResponse<String> response = stack.proxy().get("/api/customers/1");

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(response.body()).contains("\"tier\":\"gold\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String report = stack.proxy().admin("GET", "/admin/routes/customers-read/shadow", null).body();
            assertThat(report).contains("\"compared\":1", "\"differed\":1", "\"path\":\"/tier\"",
                    "\"monolith\":\"\\\"gold\\\"\"");
            // updatedAt is ignored by the sample rules.
            assertThat(report).doesNotContain("/updatedAt");
        });
        assertThat(stack.customers().received()).singleElement()
            .satisfies((copy) -> assertThat(copy.header("X-Strangler-Shadow")).isEqualTo("true"));
    }

    @Test
    void shadowDoesNotCopyWritesUnlessTheRuleAllowsIt() {
        stack.proxy().switchRule("customers-write", "SHADOW", 0);

        HttpResponse<String> response = stack.proxy().send("POST", "/api/customers", "{\"name\":\"Ada\"}",
                "Content-Type", "application/json");

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(stack.monolith().received()).hasSize(1);
        assertThat(stack.customers().received()).isEmpty();
    }

    @Test
    void untrustedForwardedHeadersAreReplacedAndHopByHopHeadersStripped() {
        RawHttp.Response response = RawHttp.get(stack.proxy().trafficPort(), "/api/products/1",
                "X-Forwarded-For: 6.6.6.6", "Forwarded: for=6.6.6.6", "X-Forwarded-Host: evil.example",
                "X-Secret-Hop: 1", "Connection: X-Secret-Hop", "Keep-Alive: timeout=5", "Proxy-Authorization: Basic eA==");

        assertThat(response.status()).isEqualTo(200);
        TestBackend.Received received = stack.monolith().received().get(0);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("Forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:"
                + stack.proxy().trafficPort() + "\"");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + stack.proxy().trafficPort());
        assertThat(received.header("X-Secret-Hop")).isNull();
        assertThat(received.header("Keep-Alive")).isNull();
        assertThat(received.header("Proxy-Authorization")).isNull();
    }

    @Test
    void aClientCannotHaveTheProxysOwnForwardedHeadersDroppedByDeclaringThemHopByHop() {
        // Connection names the client's headers to drop at this hop; the forwarded headers are the proxy's own.
        RawHttp.Response response = RawHttp.get(stack.proxy().trafficPort(), "/api/products/1",
                "Connection: Forwarded, X-Forwarded-For");

        assertThat(response.status()).isEqualTo(200);
        TestBackend.Received received = stack.monolith().received().get(0);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("Forwarded")).startsWith("for=127.0.0.1;proto=http");
    }

    @Test
    void anUntrustedClientsForwardedHeadersOfAnyNameOrCaseNeverReachTheBackend() {
        RawHttp.Response response = RawHttp.get(stack.proxy().trafficPort(), "/api/products/1",
                "x-forwarded-proto: https", "X-Forwarded-Prefix: /evil", "X-FORWARDED-SSL: on", "FORWARDED: for=6.6.6.6");

        assertThat(response.status()).isEqualTo(200);
        TestBackend.Received received = stack.monolith().received().get(0);
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Prefix")).isNull();
        assertThat(received.header("X-Forwarded-Ssl")).isNull();
        assertThat(received.header("Forwarded")).startsWith("for=127.0.0.1;").doesNotContain("6.6.6.6");
    }

    @Test
    void aGrpcRequestReachesItsBackendAskingForTrailers() {
        // te is hop-by-hop: the client's is dropped; gRPC needs it, and the gateway's gRPC header filter sends it.
        RawHttp.Response response = RawHttp.get(stack.proxy().trafficPort(), "/api/products/1",
                "Content-Type: application/grpc+proto", "TE: gzip");

        assertThat(response.status()).isEqualTo(200);
        assertThat(stack.monolith().received().get(0).header("te")).isEqualTo("trailers");
    }

    @Test
    void noRequestHeaderCanChooseTheBackend() {
        HttpResponse<String> response = stack.proxy().get("/api/customers/1", "X-Strangler-Target", "customer-service",
                "X-Strangler-Route", "customers-read", "X-User-Id", "anyone");

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(stack.customers().received()).isEmpty();
    }

    private static String target(HttpResponse<String> response) {
        return response.headers().firstValue("X-Strangler-Target").orElseThrow();
    }

    private static double fallbacks(String rule) {
        MeterRegistry registry = stack.proxy().context().getBean(MeterRegistry.class);
        return registry.find("strangler.proxy.fallbacks").tag("rule", rule).counters().stream()
            .mapToDouble((counter) -> counter.count())
            .sum();
    }

}
