package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service that dies: reads keep working through the fallback, and the error-rate guard switches the read rule
 * back to the monolith and says so in the audit log. A write rule is never moved by the proxy (sync may be running
 * service-to-monolith only); it raises an alarm instead. Failures the monolith shares (bad input) never count.
 */
class AutoRollbackIntegrationTests {

    @TempDir
    Path home;

    @RegisterExtension
    final ShopBackends backends = new ShopBackends();

    @Test
    void aRuleWhoseServiceDiesFallsBackAndIsRolledBackToTheMonolith() {
        try (RunningProxy proxy = RunningProxy.start(this.home, guardedBackends())) {
            proxy.switchRule("customers-read", "SERVICE", 0);
            assertThat(target(proxy.get("/api/customers/1"))).isEqualTo("customer-service");

            this.backends.customers().stop();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> response = proxy.get("/api/customers/1");
                // Every read is still answered: by the fallback first, then by the rolled-back rule.
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(target(response)).isEqualTo("monolith");
                assertThat(proxy.admin("GET", "/admin/routes/customers-read", null).body())
                    .contains("\"mode\":\"MONOLITH\"");
            });
            String audit = proxy.admin("GET", "/admin/audit", null).body();
            assertThat(audit).contains("\"actor\":\"auto-rollback\"", "\"fromMode\":\"SERVICE\"",
                    "\"toMode\":\"MONOLITH\"", "error rate");
            MeterRegistry registry = proxy.context().getBean(MeterRegistry.class);
            assertThat(registry.get("strangler.proxy.rollbacks").tag("rule", "customers-read").counter().count())
                .isEqualTo(1);
            assertThat(registry.get("strangler.proxy.fallbacks").tag("rule", "customers-read").counter().count())
                .isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aWriteRuleWhoseServiceFailsIsNeverMovedButRaisesAnAlarm() {
        try (RunningProxy proxy = RunningProxy.start(this.home, guardedBackends())) {
            proxy.switchRule("customers-write", "SERVICE", 0);
            this.backends.customers().answerStatus(500);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                int status = proxy.send("POST", "/api/customers", "{\"name\":\"Ada\"}").statusCode();
                assertThat(proxy.admin("GET", "/admin/routes/customers-write", null).body())
                    .contains("\"mode\":\"SERVICE\"");
                // Each write gets the service's failure as a 503; none is replayed on the monolith.
                assertThat(status).isEqualTo(503);
                assertThat(proxy.admin("GET", "/admin/health", null).body())
                    .contains("\"status\":\"DEGRADED\"", "customers-write");
            });
            assertThat(this.backends.monolith().received()).isEmpty();
            String audit = proxy.admin("GET", "/admin/audit", null).body();
            assertThat(audit).contains("\"actor\":\"auto-rollback\"", "\"rule\":\"customers-write\"",
                    "\"fromMode\":\"SERVICE\"", "\"toMode\":\"SERVICE\"", "alarm", "strangler plan rollback");
            MeterRegistry registry = proxy.context().getBean(MeterRegistry.class);
            assertThat(registry.get("strangler.proxy.autorollback.alarms").tag("rule", "customers-write")
                .counter().count()).isEqualTo(1);
            assertThat(registry.find("strangler.proxy.rollbacks").counter()).isNull();

            // The operator acts (here: switches the rule back by hand); the alarm is answered and health clears.
            proxy.switchRule("customers-write", "MONOLITH", 0);
            assertThat(proxy.admin("GET", "/admin/health", null).body()).contains("\"status\":\"UP\"")
                .doesNotContain("customers-write");
        }
    }

    @Test
    void badInputThatTheMonolithFailsTooNeverRollsAReadRuleBack() {
        try (RunningProxy proxy = RunningProxy.start(this.home, guardedBackends())) {
            proxy.switchRule("customers-read", "SERVICE", 0);
            // Both sides fail the same malformed id: the fault is the client's, not the service's.
            this.backends.monolith().answerStatus(500);
            this.backends.customers().answerStatus(500);

            for (int i = 0; i < 20; i++) {
                assertThat(proxy.get("/api/customers/abc").statusCode()).isEqualTo(500);
            }

            MeterRegistry registry = proxy.context().getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(proxy.admin("GET", "/admin/routes/customers-read", null).body())
                    .contains("\"mode\":\"SERVICE\"");
                // All twenty judged: each excused because the monolith failed the same request.
                assertThat(registry.get("strangler.proxy.autorollback.excused").tag("rule", "customers-read")
                    .counter().count()).isEqualTo(20);
            });
            assertThat(proxy.admin("GET", "/admin/audit", null).body()).doesNotContain("auto-rollback");
        }
    }

    private Map<String, String> guardedBackends() {
        Map<String, String> properties = new HashMap<>(this.backends.properties());
        properties.put("strangler.proxy.rollback.min-requests", "5");
        properties.put("strangler.proxy.rollback.error-rate", "0.5");
        properties.put("strangler.proxy.rollback.window", "60s");
        return properties;
    }

    private static String target(HttpResponse<String> response) {
        return response.headers().firstValue("X-Strangler-Target").orElseThrow();
    }

}
