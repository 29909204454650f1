package com.acme.shop.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The app as {@code java -jar} runs it: no datasource URL, so it starts its own PostgreSQL under
 * {@code $STRANGLER_HOME}. What it was told survives a restart.
 */
class ShopOnEmbeddedDatabaseIntegrationTests {

    @TempDir
    Path home;

    @Test
    void keepsACreatedCustomerAcrossARestart() {
        long id;
        try (ConfigurableApplicationContext shop = start()) {
            RestClient client = clientOf(shop);
            assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class))
                    .contains("\"UP\"");
            id = ((Number) client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                    .body("""
                            {"firstName":"Grace","lastName":"Hopper","email":"grace@navy.example"}
                            """).retrieve().body(Map.class).get("id")).longValue();
        }
        assertThat(Files.exists(home.resolve("legacy-monolith/postgres/PG_VERSION"))).isTrue();

        try (ConfigurableApplicationContext shop = start()) {
            var answer = clientOf(shop).get().uri("/api/customers/{id}", id).retrieve().toEntity(Map.class);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(answer.getBody()).containsEntry("email", "grace@navy.example");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ShopApplication.class).run(
                "--strangler.home=" + home,
                "--strangler.embedded-postgres.port=0",
                "--server.port=0",
                "--shop.seed.enabled=false");
    }

    private static RestClient clientOf(ConfigurableApplicationContext shop) {
        int port = ((WebServerApplicationContext) shop).getWebServer().getPort();
        return RestClient.create("http://localhost:" + port);
    }
}
