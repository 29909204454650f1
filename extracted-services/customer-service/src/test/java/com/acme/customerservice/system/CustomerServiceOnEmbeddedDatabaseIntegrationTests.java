package com.acme.customerservice.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.customerservice.CustomerServiceApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The service as {@code java -jar} runs it: no datasource URL, so it starts its own PostgreSQL under
 * {@code $STRANGLER_HOME}, migrates it, reports ready, and keeps what it was told across a restart.
 */
class CustomerServiceOnEmbeddedDatabaseIntegrationTests {

    @TempDir
    Path home;

    @Test
    void keepsARegisteredCustomerAcrossARestart() {
        long id;
        try (ConfigurableApplicationContext service = start()) {
            RestClient client = clientOf(service);
            assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class))
                    .contains("\"UP\"");
            id = ((Number) client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                    .body("""
                            {"firstName":"Grace","lastName":"Hopper","email":"grace@navy.example"}
                            """).retrieve().body(Map.class).get("id")).longValue();
        }
        assertThat(Files.exists(home.resolve("customer-service/postgres/PG_VERSION"))).isTrue();

        try (ConfigurableApplicationContext service = start()) {
            assertThat(clientOf(service).get().uri("/api/customers/{id}", id).retrieve().body(Map.class))
                    .containsEntry("email", "grace@navy.example");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CustomerServiceApplication.class).run(
                "--strangler.home=" + home,
                "--strangler.embedded-postgres.port=0",
                "--server.port=0");
    }

    private static RestClient clientOf(ConfigurableApplicationContext service) {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return RestClient.create("http://localhost:" + port);
    }
}
