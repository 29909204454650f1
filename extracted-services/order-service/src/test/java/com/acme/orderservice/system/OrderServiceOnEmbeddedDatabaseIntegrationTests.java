package com.acme.orderservice.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.orderservice.OrderServiceApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The service as {@code java -jar} runs it: no datasource URL, so it starts its own PostgreSQL under
 * {@code $STRANGLER_HOME}, migrates it and reports ready, with nothing else running.
 */
class OrderServiceOnEmbeddedDatabaseIntegrationTests {

    @TempDir
    Path home;

    @Test
    void startsAloneOnItsOwnEmbeddedDatabase() {
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(OrderServiceApplication.class)
                .run("--strangler.home=" + home, "--strangler.embedded-postgres.port=0", "--server.port=0")) {
            RestClient client = RestClient.create("http://localhost:"
                    + ((WebServerApplicationContext) service).getWebServer().getPort());
            assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class))
                    .contains("\"UP\"");
            assertThat(client.get().uri("/api/orders").retrieve().body(String.class))
                    .contains("\"totalItems\":0");
        }
        assertThat(Files.exists(home.resolve("order-service/postgres/PG_VERSION"))).isTrue();
    }
}
