package com.acme.shop.catalog;

import static com.acme.shop.ShopFixtures.createProduct;
import static com.acme.shop.ShopFixtures.stockOf;
import static com.acme.shop.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

@ShopIntegrationTest
class StockReservationIntegrationTests {

    @Autowired
    RestTestClient client;

    @Test
    void aRetriedReservationHoldsStockOnce() {
        String sku = createProduct(client, 10, 700);
        String body = "{\"reservationId\":\"%s\",\"quantity\":4}".formatted(UUID.randomUUID());

        client.post().uri("/api/products/{sku}/reservations", sku).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.unitPriceCents").isEqualTo(700);
        client.post().uri("/api/products/{sku}/reservations", sku).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange().expectStatus().isOk();

        assertThat(stockOf(client, sku)).isEqualTo(6);
    }

    @Test
    void aRetriedReleaseReturnsStockOnce() {
        String sku = createProduct(client, 10, 700);
        UUID reservation = UUID.randomUUID();
        client.post().uri("/api/products/{sku}/reservations", sku).contentType(MediaType.APPLICATION_JSON)
                .body("{\"reservationId\":\"%s\",\"quantity\":3}".formatted(reservation)).exchange()
                .expectStatus().isCreated();

        for (int i = 0; i < 2; i++) {
            client.delete().uri("/api/products/{sku}/reservations/{id}", sku, reservation).exchange()
                    .expectStatus().isNoContent();
        }
        assertThat(stockOf(client, sku)).isEqualTo(10);
    }

    @Test
    void refusesToReserveMoreThanIsInStock() {
        String sku = createProduct(client, 1, 700);
        assertProblem(client.post().uri("/api/products/{sku}/reservations", sku)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"reservationId\":\"%s\",\"quantity\":2}".formatted(UUID.randomUUID())).exchange(), 409);
        assertThat(stockOf(client, sku)).isEqualTo(1);
    }

    @Test
    void answersAnUnknownProductWith404() {
        assertProblem(client.get().uri("/api/products/NO-SUCH-SKU").exchange(), 404);
    }
}
