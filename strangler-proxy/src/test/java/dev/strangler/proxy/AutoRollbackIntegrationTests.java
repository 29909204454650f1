package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service that dies: reads keep working through the fallback, and the error-rate guard switches the rule back
 * to the monolith and says so in the audit log.
 */
class AutoRollbackIntegrationTests {

    @TempDir
    Path home;

    @Test
    void aRuleWhoseServiceDiesFallsBackAndIsRolledBackToTheMonolith() {
        try (TestBackend monolith = TestBackend.start("monolith");
                TestBackend customers = TestBackend.start("customer-service");
                TestBackend orders = TestBackend.start("order-service")) {
            Map<String, String> properties = new HashMap<>(RunningProxy.backends(monolith, customers, orders));
            properties.put("strangler.proxy.rollback.min-requests", "5");
            properties.put("strangler.proxy.rollback.error-rate", "0.5");
            properties.put("strangler.proxy.rollback.window", "60s");
            try (RunningProxy proxy = RunningProxy.start(this.home, properties)) {
                proxy.switchRule("customers-read", "SERVICE", 0);
                assertThat(target(proxy.get("/api/customers/1"))).isEqualTo("customer-service");

                customers.stop();

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
    }

    private static String target(HttpResponse<String> response) {
        return response.headers().firstValue("X-Strangler-Target").orElseThrow();
    }

}
