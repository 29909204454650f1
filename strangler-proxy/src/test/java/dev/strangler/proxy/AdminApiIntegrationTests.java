package dev.strangler.proxy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.support.contract.ProxyAdminContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API on its own port: authentication, validation that leaves everything unchanged, optimistic
 * concurrency and the audit trail.
 */
class AdminApiIntegrationTests {

    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends.start();

    @BeforeEach
    void forgetRequests() {
        stack.monolith().forget();
    }

    @Test
    void refusesCallsWithoutAValidToken() {
        String before = rule("orders-read");
        HttpResponse<String> none = stack.proxy().adminWithoutToken("GET", "/admin/routes", null);
        HttpResponse<String> wrong = stack.proxy().adminWithoutToken("GET", "/admin/routes", null, "Authorization",
                "Bearer " + RunningProxy.TOKEN + "x");
        HttpResponse<String> wrongScheme = stack.proxy().adminWithoutToken("PUT", "/admin/routes/orders-read",
                "{\"mode\":\"SERVICE\",\"reason\":\"x\"}", "Authorization", "Basic " + RunningProxy.TOKEN);

        for (HttpResponse<String> response : java.util.List.of(none, wrong, wrongScheme)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    (value) -> assertThat(value).startsWith("Bearer"));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(rule("orders-read")).isEqualTo(before);
    }

    @Test
    void listsRulesAndGivesEachAnEtag() {
        HttpResponse<String> list = stack.proxy().admin("GET", "/admin/routes", null);
        HttpResponse<String> one = stack.proxy().admin("GET", "/admin/routes/customers-write", null);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"id\":\"customers-read\"", "\"id\":\"customers-write\"",
                "\"id\":\"orders-read\"", "\"id\":\"orders-write\"");
        assertThat(one.headers().firstValue("ETag")).hasValueSatisfying(
                (etag) -> assertThat(etag).startsWith("\"customers-write-v"));
        assertThat(one.body()).contains("\"methods\":[\"DELETE\",\"PATCH\",\"POST\",\"PUT\"]",
                "\"path\":\"/api/customers/**\"", "\"backend\":\"customer-service\"");
    }

    static Stream<Arguments> badChanges() {
        return Stream.of(Arguments.of("{\"mode\":\"SIDEWAYS\",\"reason\":\"r\"}", "mode"),
                Arguments.of("{\"mode\":\"CANARY\",\"percent\":101,\"reason\":\"r\"}", "percent"),
                Arguments.of("{\"mode\":\"CANARY\",\"percent\":-1,\"reason\":\"r\"}", "percent"),
                Arguments.of("{\"mode\":\"CANARY\",\"percent\":12.5,\"reason\":\"r\"}", "percent"),
                Arguments.of("{\"mode\":\"CANARY\",\"percent\":\"10\",\"reason\":\"r\"}", "percent"),
                Arguments.of("{\"mode\":\"CANARY\",\"reason\":\"r\"}", "percent"),
                Arguments.of("{\"mode\":\"SERVICE\"}", "reason"),
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":\"  \"}", "reason"),
                // A reason is one line of the audit log: a newline would forge the next entry, escapes the terminal.
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":\"ok\\n2026-01-01 admin switched\"}", "reason"),
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":\"ok\\u001b[2J\"}", "reason"),
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":\"ok\\u0000\"}", "reason"),
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":\"r\",\"backend\":\"order-service\"}", "backend"),
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":\"r\",\"mode\":\"CANARY\"}", "body"),
                Arguments.of("{\"mode\":\"SERVICE\",\"reason\":", "body"),
                Arguments.of("[\"SERVICE\"]", "body"),
                Arguments.of("", "body"));
    }

    @ParameterizedTest
    @MethodSource("badChanges")
    void refusesABadChangeNamingTheFieldAndChangesNothing(String body, String field) {
        String before = rule("orders-write");

        HttpResponse<String> response = stack.proxy().admin("PUT", "/admin/routes/orders-write", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":400", "\"field\":\"" + field + "\"");
        assertThat(rule("orders-write")).isEqualTo(before);
        assertThat(stack.proxy().admin("GET", "/admin/audit", null).body()).doesNotContain("orders-write");
    }

    @Test
    void refusesAnOversizedBodyWithContentTooLargeAndChangesNothing() {
        String before = rule("orders-write");

        HttpResponse<String> response = stack.proxy().admin("PUT", "/admin/routes/orders-write",
                "{\"mode\":\"SERVICE\",\"reason\":\"" + "x".repeat(100_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413", "\"field\":\"body\"", "16384 bytes");
        assertThat(rule("orders-write")).isEqualTo(before);
    }

    @Test
    void refusesAnInvalidActorName() {
        HttpResponse<String> response = stack.proxy().admin("PUT", "/admin/routes/orders-write",
                "{\"mode\":\"SERVICE\",\"reason\":\"r\"}", "X-Strangler-Actor", "auto-rollback");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"X-Strangler-Actor\"");
    }

    @Test
    void answersNotFoundForAnUnknownRule() {
        HttpResponse<String> get = stack.proxy().admin("GET", "/admin/routes/payments-read", null);
        HttpResponse<String> put = stack.proxy().admin("PUT", "/admin/routes/payments-read",
                "{\"mode\":\"SERVICE\",\"reason\":\"r\"}");
        HttpResponse<String> shadow = stack.proxy().admin("GET", "/admin/routes/payments-read/shadow", null);

        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(shadow.statusCode()).isEqualTo(404);
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void refusesASwitchBasedOnAStaleEtagAndAcceptsTheCurrentOne() {
        String etag = stack.proxy().admin("GET", "/admin/routes/customers-write", null).headers().firstValue("ETag")
            .orElseThrow();
        HttpResponse<String> first = stack.proxy().admin("PUT", "/admin/routes/customers-write",
                "{\"mode\":\"SHADOW\",\"reason\":\"first operator\"}", "If-Match", etag);
        HttpResponse<String> second = stack.proxy().admin("PUT", "/admin/routes/customers-write",
                "{\"mode\":\"SERVICE\",\"reason\":\"second operator, stale view\"}", "If-Match", etag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(412);
        assertThat(second.body()).contains("\"currentEtag\":");
        assertThat(rule("customers-write")).contains("\"mode\":\"SHADOW\"");

        String current = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> third = stack.proxy().admin("PUT", "/admin/routes/customers-write",
                "{\"mode\":\"MONOLITH\",\"reason\":\"back\"}", "If-Match", current);
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void recordsWhoSwitchedWhatWhenAndWhy() {
        HttpResponse<String> response = stack.proxy().admin("PUT", "/admin/routes/orders-read",
                "{\"mode\":\"CANARY\",\"percent\":10,\"reason\":\"ten percent of callers first\"}",
                "X-Strangler-Actor", "ada.lovelace");
        stack.proxy().switchRule("orders-read", "MONOLITH", 10);

        assertThat(response.statusCode()).isEqualTo(200);
        String audit = stack.proxy().admin("GET", "/admin/audit", null).body();
        assertThat(audit).contains("\"actor\":\"ada.lovelace\"", "\"rule\":\"orders-read\"",
                "\"fromMode\":\"MONOLITH\"", "\"toMode\":\"CANARY\"", "\"toPercent\":10",
                "\"reason\":\"ten percent of callers first\"", "\"at\":\"");
    }

    @Test
    void theAdminApiIsNotServedOnTheTrafficPort() {
        HttpResponse<String> response = stack.proxy().get("/admin/routes", "Authorization",
                "Bearer " + RunningProxy.TOKEN);

        // The traffic port treats it as any other path: the monolith gets it; the proxy never answers it.
        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        assertThat(response.body()).doesNotContain("customers-read");
        assertThat(stack.monolith().received()).extracting(TestBackend.Received::rawPath)
            .containsExactly("/admin/routes");
    }

    @Test
    void reportsHealthAndMetricsWithStableNames() {
        stack.proxy().get("/api/customers/1");

        assertThat(stack.proxy().admin("GET", "/admin/health", null).body()).contains("\"status\":\"UP\"");
        assertThat(stack.proxy().admin("GET", "/admin/metrics", null).body())
            .contains("\"name\":\"strangler.proxy.requests\"",
                "\"rule\":\"customers-read\"", "\"target\":\"monolith\"", "\"outcome\":\"ok\"",
                "\"name\":\"strangler.proxy.latency\"");
    }

    /**
     * What the plan console relies on from this API; the console's tests run the same contract against their stub
     * of it ({@code AdminApiStubContractTests}), so the two cannot drift apart.
     */
    @TestFactory
    Stream<DynamicTest> keepsTheContractTheControlPlaneReliesOn() {
        return ProxyAdminContract.against(URI.create("http://127.0.0.1:" + stack.proxy().adminPort() + "/"),
                RunningProxy.TOKEN, "customers-read");
    }

    @Test
    void keepsNoGatewayRequestTimerBesideItsOwnWhileMetersStayInTheProcess() {
        stack.proxy().get("/api/customers/1");

        // strangler.proxy.requests and strangler.proxy.latency count every request already; the gateway's timer
        // would cost a meter lookup per request for a meter nobody can read (OTLP metrics export is off).
        MeterRegistry registry = stack.proxy().context().getBean(MeterRegistry.class);
        assertThat(registry.find(ProxyMetrics.REQUESTS).meters()).isNotEmpty();
        assertThat(registry.find("spring.cloud.gateway.requests").meters()).isEmpty();
    }

    private static String rule(String id) {
        return stack.proxy().admin("GET", "/admin/routes/" + id, null).body();
    }

}
