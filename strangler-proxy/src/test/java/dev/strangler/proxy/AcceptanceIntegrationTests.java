package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance scenario with a real monolith and a real service: one admin call moves customer reads
 * to the service, and the switch survives a restart of the proxy.
 */
class AcceptanceIntegrationTests {

    @TempDir
    Path home;

    @RegisterExtension
    final ShopBackends backends = new ShopBackends();

    @Test
    void switchingCustomerReadsToTheServiceAppliesAtOnceAndSurvivesARestart() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(this.home,
                this.backends.properties())) {
            HttpResponse<String> before = proxy.get("/api/customers/1");
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
            assertThat(before.headers().firstValue("X-Strangler-Route")).hasValue("customers-read");

            HttpResponse<String> put = proxy.admin("PUT", "/admin/routes/customers-read",
                    "{\"mode\":\"SERVICE\",\"reason\":\"customer service verified in shadow\"}");
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(put.headers().firstValue("ETag")).isPresent();

            HttpResponse<String> after = proxy.get("/api/customers/1");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("X-Strangler-Target")).hasValue("customer-service");
            assertThat(after.body()).contains("\"backend\":\"customer-service\"");
            assertThat(this.backends.customers().received()).extracting(TestBackend.Received::rawPath)
                .containsExactly("/api/customers/1");
            // Writes are a separate rule and stay on the monolith.
            assertThat(proxy.send("POST", "/api/customers", "{}").headers().firstValue("X-Strangler-Target"))
                .hasValue("monolith");
        }

        assertThat(Files.readString(this.home.resolve("proxy/route-state.json"))).contains("SERVICE");
        assertThat(Files.readString(this.home.resolve("proxy/audit.jsonl")))
            .contains("\"actor\":\"admin\"", "\"rule\":\"customers-read\"", "\"fromMode\":\"MONOLITH\"",
                    "\"toMode\":\"SERVICE\"", "customer service verified in shadow");

        try (RunningProxy restarted = RunningProxy.start(this.home,
                this.backends.properties())) {
            HttpResponse<String> afterRestart = restarted.get("/api/customers/1");
            assertThat(afterRestart.headers().firstValue("X-Strangler-Target")).hasValue("customer-service");
            assertThat(restarted.admin("GET", "/admin/routes/customers-read", null).body())
                .contains("\"mode\":\"SERVICE\"");
        }
    }

}
