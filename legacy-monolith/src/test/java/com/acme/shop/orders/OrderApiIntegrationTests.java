package com.acme.shop.orders;

import static com.acme.shop.ShopFixtures.createCustomer;
import static com.acme.shop.ShopFixtures.createProduct;
import static com.acme.shop.ShopFixtures.stockOf;
import static com.acme.shop.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

@ShopIntegrationTest
class OrderApiIntegrationTests {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Test
    void placesAnOrderReservingStockAndTakingPayment() {
        long customer = createCustomer(client);
        String sku = createProduct(client, 10, 1_250);

        client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body(order(customer, sku, 3, "tok_visa")).exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.status").isEqualTo("PAID")
                .jsonPath("$.totalCents").isEqualTo(3_750)
                .jsonPath("$.customerName").isEqualTo("Ada Lovelace")
                .jsonPath("$.lines[0].sku").isEqualTo(sku);
        long orderId = orderIdOf(customer);

        assertThat(stockOf(client, sku)).isEqualTo(7);
        client.get().uri("/api/payments?orderId={id}", orderId).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].amountCents").isEqualTo(3_750)
                .jsonPath("$.items[0].status").isEqualTo("CAPTURED");
    }

    @Test
    void aDeclinedCardLeavesNoOrderNoPaymentAndTheStockUntouched() {
        long customer = createCustomer(client);
        String sku = createProduct(client, 10, 999);
        long orders = count("orders");
        long payments = count("payments");

        assertProblem(client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body(order(customer, sku, 2, "tok_declined")).exchange(), 402)
                .jsonPath("$.detail").isEqualTo("The card was declined");

        assertThat(stockOf(client, sku)).isEqualTo(10);
        assertThat(count("orders")).isEqualTo(orders);
        assertThat(count("payments")).isEqualTo(payments);
    }

    @Test
    void refusesAnUnknownCustomerNamingTheField() {
        String sku = createProduct(client, 10, 999);
        assertProblem(client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body(order(999_999_999, sku, 1, "tok_visa")).exchange(), 400)
                .jsonPath("$.errors[0].field").isEqualTo("customerId");
        assertThat(stockOf(client, sku)).isEqualTo(10);
    }

    @Test
    void refusesMoreThanIsInStock() {
        long customer = createCustomer(client);
        String sku = createProduct(client, 2, 999);
        assertProblem(client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body(order(customer, sku, 3, "tok_visa")).exchange(), 409);
        assertThat(stockOf(client, sku)).isEqualTo(2);
    }

    @Test
    void cancellingReturnsTheStockAndRefundsOnce() {
        long customer = createCustomer(client);
        String sku = createProduct(client, 5, 500);
        client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body(order(customer, sku, 4, "tok_visa")).exchange().expectStatus().isCreated();
        long orderId = orderIdOf(customer);

        client.post().uri("/api/orders/{id}/cancel", orderId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        assertThat(stockOf(client, sku)).isEqualTo(5);
        client.get().uri("/api/payments?orderId={id}", orderId).exchange()
                .expectBody().jsonPath("$.items[0].status").isEqualTo("REFUNDED");

        assertProblem(client.post().uri("/api/orders/{id}/cancel", orderId).exchange(), 409);
        assertThat(stockOf(client, sku)).isEqualTo(5);
    }

    @Test
    void listsOrdersOfOneCustomerWithTheirLines() {
        client.get().uri("/api/orders?customerId=8&size=50").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].customerId").value(ids -> assertThat(ids)
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isNotEmpty()
                        .allMatch(id -> ((Number) id).longValue() == 8))
                .jsonPath("$.items[0].lines").isNotEmpty();
    }

    @Test
    void validatesTheOrderForm() {
        assertProblem(client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"customerId\":1,\"lines\":[],\"payment\":{\"method\":\"CASH\"}}").exchange(), 400)
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields)
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                        .containsExactly("lines", "payment.method"));
    }

    private long orderIdOf(long customer) {
        return jdbc.sql("SELECT max(id) FROM orders WHERE customer_id = ?").param(customer).query(Long.class).single();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static String order(long customer, String sku, int quantity, String cardToken) {
        return """
                {"customerId":%d,"lines":[{"sku":"%s","quantity":%d}],
                 "payment":{"method":"CARD","cardToken":"%s"}}
                """.formatted(customer, sku, quantity, cardToken);
    }
}
