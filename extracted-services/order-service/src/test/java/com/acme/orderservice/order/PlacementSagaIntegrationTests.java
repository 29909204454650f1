package com.acme.orderservice.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.orderservice.support.AgainstFakeShop;
import com.acme.orderservice.support.FakeShop;
import com.acme.orderservice.support.FakeShop.Endpoint;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Placement as a saga, with a failure injected at each step: whatever fails, stock held is released, money taken
 * is refunded, the client gets the problem the shop would have answered, and no order is shown.
 */
class PlacementSagaIntegrationTests extends AgainstFakeShop {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SagaRecovery recovery;

    @Test
    void placesAnOrderHoldingStockOnceAndChargingOnce() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);

        long orderId = place(customer, sku, 3, "CARD", "tok_visa").expectStatus().isCreated()
                .returnResult(Placed.class).getResponseBody().id();

        assertThat(shop.stockOf(sku)).isEqualTo(7);
        assertThat(shop.paymentsFor(orderId)).singleElement().satisfies(payment -> {
            assertThat(payment.reference()).isEqualTo("order-" + orderId);
            assertThat(payment.amountCents()).isEqualTo(2_100);
        });
        assertThat(sagaStep(orderId)).isEqualTo("PLACED");
        assertThat(jdbc.sql("SELECT card_token FROM order_saga WHERE order_id = ?").param(orderId)
                .query(String.class).optional()).isEmpty();
    }

    @Test
    void answers503AndHoldsNothingWhenCustomerServiceDoesNotAnswer() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        shop.takeDown(Endpoint.CUSTOMER);
        try {
            place(customer, sku, 1, "INVOICE", null).expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Service unavailable")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("customer-service"));
        }
        finally {
            shop.recover(Endpoint.CUSTOMER);
        }
        assertThat(shop.stockOf(sku)).isEqualTo(10);
    }

    @Test
    void releasesEarlierLinesWhenALaterProductIsUnknown() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);

        client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body("""
                {"customerId":%d,"lines":[{"sku":"%s","quantity":2},{"sku":"NOPE","quantity":1}],
                 "payment":{"method":"INVOICE"}}
                """.formatted(customer, sku)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("lines[1].sku");

        assertThat(shop.stockOf(sku)).isEqualTo(10);
        assertThat(lastSagaOf(customer)).isEqualTo("REJECTED");
    }

    @Test
    void releasesStockAndKeepsNoPaymentWhenTheCardIsDeclined() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);

        place(customer, sku, 4, "CARD", "tok_declined").expectStatus().isEqualTo(402);

        assertThat(shop.stockOf(sku)).isEqualTo(10);
        long orderId = lastOrderOf(customer);
        assertThat(shop.paymentsFor(orderId)).isEmpty();
        client.get().uri("/api/orders/{id}", orderId).exchange().expectStatus().isNotFound();
        client.get().uri("/api/orders?customerId={id}", customer).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    @Test
    void retriesAReservationTheMonolithFailedOnce() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        shop.failNext(Endpoint.RESERVE, 1);

        place(customer, sku, 1, "INVOICE", null).expectStatus().isCreated();

        assertThat(shop.stockOf(sku)).isEqualTo(9);
    }

    @Test
    void undoesThePlacementWhenTheMonolithStopsAnsweringDuringReservation() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String first = shop.addProduct("Kettle", 700, 10);
        String second = shop.addProduct("Teapot", 900, 10);
        shop.failReserving(second); // the first line is held, the second never answers
        try {
            client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body("""
                    {"customerId":%d,"lines":[{"sku":"%s","quantity":2},{"sku":"%s","quantity":1}],
                     "payment":{"method":"INVOICE"}}
                    """.formatted(customer, first, second)).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.title").isEqualTo("Service unavailable");
        }
        finally {
            shop.recover(Endpoint.RESERVE);
        }
        long orderId = lastOrderOf(customer);
        assertThat(shop.stockOf(first)).isEqualTo(10);
        assertThat(shop.stockOf(second)).isEqualTo(10);
        assertThat(shop.paymentsFor(orderId)).isEmpty();
        assertThat(sagaStep(orderId)).isEqualTo("REJECTED");
    }

    @Test
    void chargesOnceWhenTheAnswerToAChargeIsLost() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        shop.loseChargeAnswers(1);

        long orderId = place(customer, sku, 1, "CARD", "tok_visa").expectStatus().isCreated()
                .returnResult(Placed.class).getResponseBody().id();

        assertThat(shop.paymentsFor(orderId)).singleElement()
                .satisfies(payment -> assertThat(payment.status()).isEqualTo("CAPTURED"));
    }

    @Test
    void refundsACapturedChargeWhosePlacementFailedAfterwards() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        // The charge is taken but every answer to it is lost: the saga gives up, and must give the money back.
        shop.loseChargeAnswers(3);

        place(customer, sku, 1, "CARD", "tok_visa").expectStatus().isEqualTo(503);

        long orderId = lastOrderOf(customer);
        assertThat(shop.stockOf(sku)).isEqualTo(10);
        assertThat(shop.paymentsFor(orderId)).allSatisfy(payment -> assertThat(payment.status())
                .isEqualTo("REFUNDED"));
    }

    @Test
    void keepsNoMoneyFromAChargeThatReachesTheShopOnlyAfterThePlacementWasUndone() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        // The first charge is stuck inside the shop past the service's read timeout; its retries find the shop down.
        FakeShop.HeldCharge late = shop.holdNextCharge();
        shop.takeDown(Endpoint.CHARGE);
        try {
            place(customer, sku, 1, "CARD", "tok_visa").expectStatus().isEqualTo(503);
        }
        finally {
            shop.recover(Endpoint.CHARGE);
        }
        long orderId = lastOrderOf(customer);
        assertThat(sagaStep(orderId)).isEqualTo("REJECTED");
        assertThat(late.arrived()).isTrue();

        // Compensation is over; now the stuck charge goes through the shop.
        late.release();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(late::answered);

        assertThat(shop.paymentsFor(orderId)).extracting(FakeShop.Payment::status)
                .as("payments of order %d after a late charge: one still CAPTURED is money never refunded", orderId)
                .doesNotContain("CAPTURED");
        assertThat(shop.stockOf(sku)).isEqualTo(10);
    }

    @Test
    void finishesACompensationLaterWhenTheMonolithIsDownDuringIt() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        shop.takeDown(Endpoint.RELEASE);
        try {
            place(customer, sku, 2, "CARD", "tok_declined").expectStatus().isEqualTo(503);
            long orderId = lastOrderOf(customer);
            assertThat(sagaStep(orderId)).isEqualTo("COMPENSATING");
            assertThat(shop.stockOf(sku)).isEqualTo(8);
        }
        finally {
            shop.recover(Endpoint.RELEASE);
        }
        long orderId = lastOrderOf(customer);
        // Make the saga look abandoned rather than waiting for resume-after to pass.
        jdbc.sql("UPDATE order_saga SET updated_at = now() - interval '1 hour' WHERE order_id = ?").param(orderId)
                .update();
        recovery.sweep();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "REJECTED".equals(sagaStep(orderId)));
        assertThat(shop.stockOf(sku)).isEqualTo(10);
    }

    @Test
    void cancellingReleasesTheStockAndRefundsOnce() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        long orderId = place(customer, sku, 4, "CARD", "tok_visa").expectStatus().isCreated()
                .returnResult(Placed.class).getResponseBody().id();

        client.post().uri("/api/orders/{id}/cancel", orderId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.version").isEqualTo(2);
        client.post().uri("/api/orders/{id}/cancel", orderId).exchange().expectStatus().isEqualTo(409);

        assertThat(shop.stockOf(sku)).isEqualTo(10);
        assertThat(shop.paymentsFor(orderId)).singleElement()
                .satisfies(payment -> assertThat(payment.status()).isEqualTo("REFUNDED"));
    }

    @Test
    void showsTheNameStoredWithTheOrderWhileCustomerServiceDoesNotAnswer() {
        long customer = shop.addCustomer("Grace", "Hopper");
        String sku = shop.addProduct("Kettle", 700, 10);
        long orderId = place(customer, sku, 1, "INVOICE", null).expectStatus().isCreated()
                .returnResult(Placed.class).getResponseBody().id();
        shop.takeDown(Endpoint.CUSTOMER);
        try {
            client.get().uri("/api/orders/{id}", orderId).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.customerName").isEqualTo("Grace Hopper");
        }
        finally {
            shop.recover(Endpoint.CUSTOMER);
        }
    }

    private RestTestClient.ResponseSpec place(long customer, String sku, int quantity, String method, String token) {
        return client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body("""
                {"customerId":%d,"lines":[{"sku":"%s","quantity":%d}],"payment":{"method":"%s","cardToken":%s}}
                """.formatted(customer, sku, quantity, method, token == null ? "null" : "\"" + token + "\""))
                .exchange();
    }

    private long lastOrderOf(long customer) {
        return jdbc.sql("SELECT max(id) FROM purchase_order WHERE customer_id = ?").param(customer).query(Long.class)
                .single();
    }

    private String lastSagaOf(long customer) {
        return sagaStep(lastOrderOf(customer));
    }

    private String sagaStep(long orderId) {
        return jdbc.sql("SELECT step FROM order_saga WHERE order_id = ?").param(orderId).query(String.class).single();
    }

    record Placed(long id) {
    }
}
