package com.acme.orderservice.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.orderservice.OrderServiceApplication;
import com.acme.orderservice.support.FakeShop;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A crash in the middle of a saga: the service stops right after a step was stored and is started again on the
 * same database. The new process finishes the saga from the stored step, and the monolith sees each reservation
 * made once and each payment taken once.
 */
class SagaRestartIntegrationTests {

    // One per test: each test's database starts order ids at 1, and payment references are "order-<id>".
    private final FakeShop shop = new FakeShop();

    /** Thrown from inside the saga to stop it as a crash would: after the step was stored, before the next. */
    static class SimulatedCrash extends RuntimeException {
    }

    @AfterEach
    void closeShop() {
        shop.close();
    }

    @Test
    void resumesAfterACrashOnceStockIsHeldAndChargesOnce() {
        String database = TestPostgres.shared().createDatabase("orders_restart");
        long customer = shop.addCustomer("Edsger", "Dijkstra");
        String sku = shop.addProduct("Kettle", 700, 10);

        long orderId;
        try (ConfigurableApplicationContext service = start(database, SagaStep.RESERVING_STOCK)) {
            var answer = place(service, customer, sku, "tok_visa");
            assertThat(answer.getStatusCode().value()).isEqualTo(500);
            orderId = lastOrderOf(service, customer);
            assertThat(step(service, orderId)).isEqualTo("TAKING_PAYMENT");
        }
        assertThat(shop.stockOf(sku)).isEqualTo(7);
        assertThat(shop.paymentsFor(orderId)).isEmpty();

        try (ConfigurableApplicationContext service = start(database, null)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "PLACED".equals(step(service, orderId)));
            assertThat(client(service).get().uri("/api/orders/{id}", orderId).retrieve().body(Map.class))
                    .containsEntry("status", "PAID").containsEntry("totalCents", 2_100);
        }
        assertThat(shop.stockOf(sku)).isEqualTo(7);
        assertThat(shop.reservationsMade().values()).containsOnly(1);
        assertThat(shop.paymentsFor(orderId)).singleElement()
                .satisfies(payment -> assertThat(payment.status()).isEqualTo("CAPTURED"));
    }

    @Test
    void finishesCompensatingAfterACrashOnceTheCardWasDeclined() {
        String database = TestPostgres.shared().createDatabase("orders_restart");
        long customer = shop.addCustomer("Barbara", "Liskov");
        String sku = shop.addProduct("Teapot", 900, 10);

        long orderId;
        try (ConfigurableApplicationContext service = start(database, SagaStep.TAKING_PAYMENT)) {
            assertThat(place(service, customer, sku, "tok_declined").getStatusCode().value()).isEqualTo(500);
            orderId = lastOrderOf(service, customer);
            assertThat(step(service, orderId)).isEqualTo("COMPENSATING");
        }
        assertThat(shop.stockOf(sku)).isEqualTo(7);

        try (ConfigurableApplicationContext service = start(database, null)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "REJECTED".equals(step(service, orderId)));
            HttpStatusCode status = client(service).get().uri("/api/orders/{id}", orderId)
                    .exchange((request, response) -> response.getStatusCode());
            assertThat(status.value()).isEqualTo(404);
        }
        assertThat(shop.stockOf(sku)).isEqualTo(10);
        assertThat(shop.paymentsFor(orderId)).isEmpty();
    }

    @Test
    void theSweepNeverRunsAStepThatTheRequestIsStillRunning() throws Exception {
        String database = TestPostgres.shared().createDatabase("orders_restart");
        long customer = shop.addCustomer("Alan", "Turing");
        String sku = shop.addProduct("Kettle", 700, 10);
        FakeShop.HeldCharge slow = shop.holdNextCharge();

        // The sweep is called by hand below; resume-after is short so that the slow charge outlives it.
        try (ConfigurableApplicationContext service = start(database, null, "--order-service.saga.resume-after=1s",
                "--order-service.saga.sweep-every=1h", "--order-service.monolith.read-timeout=60s",
                "--order-service.saga.claim-for=5m")) {
            CompletableFuture<org.springframework.http.ResponseEntity<String>> placing = CompletableFuture
                    .supplyAsync(() -> place(service, customer, sku, "tok_visa"));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(slow::arrived);
            long orderId = lastOrderOf(service, customer);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc(service)
                    .sql("SELECT updated_at < now() - interval '2 seconds' FROM order_saga WHERE order_id = ?")
                    .param(orderId).query(Boolean.class).single());

            service.getBean(SagaRecovery.class).sweep();
            int chargesWhileTheRequestCharged = shop.chargesReceived("order-" + orderId);
            slow.release();

            assertThat(placing.get(60, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(201);
            assertThat(chargesWhileTheRequestCharged)
                    .as("charge requests for order %d while the request's own charge was still running; 2 means the "
                            + "sweep ran TAKING_PAYMENT a second time", orderId)
                    .isEqualTo(1);
            assertThat(step(service, orderId)).isEqualTo("PLACED");
            assertThat(shop.paymentsFor(orderId)).singleElement()
                    .satisfies(payment -> assertThat(payment.status()).isEqualTo("CAPTURED"));
        }
    }

    private ConfigurableApplicationContext start(String database, SagaStep crashAfter, String... moreArgs) {
        TestPostgres postgres = TestPostgres.shared();
        SpringApplicationBuilder builder = new SpringApplicationBuilder(OrderServiceApplication.class);
        if (crashAfter != null) {
            builder.listeners((ApplicationListener<PayloadApplicationEvent<?>>) event -> {
                if (event.getPayload() instanceof SagaStepCompleted completed && completed.step() == crashAfter) {
                    throw new SimulatedCrash();
                }
            });
        }
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(database),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--server.port=0",
                "--server.shutdown=immediate",
                "--order-service.monolith.base-url=" + shop.baseUrl(),
                "--order-service.customer-service.base-url=" + shop.baseUrl(),
                "--order-service.saga.sweep-every=200ms"));
        for (String more : moreArgs) {
            // Replaced, not repeated: Boot would join two values of one option with a comma.
            args.removeIf(arg -> arg.startsWith(more.substring(0, more.indexOf('=') + 1)));
            args.add(more);
        }
        return builder.run(args.toArray(String[]::new));
    }

    private static org.springframework.http.ResponseEntity<String> place(ConfigurableApplicationContext service,
            long customer, String sku, String token) {
        return client(service).post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body("""
                {"customerId":%d,"lines":[{"sku":"%s","quantity":3}],"payment":{"method":"CARD","cardToken":"%s"}}
                """.formatted(customer, sku, token))
                .exchange((request, response) -> org.springframework.http.ResponseEntity
                        .status(response.getStatusCode()).body(new String(response.getBody().readAllBytes())));
    }

    private static long lastOrderOf(ConfigurableApplicationContext service, long customer) {
        return jdbc(service).sql("SELECT max(id) FROM purchase_order WHERE customer_id = ?").param(customer)
                .query(Long.class).single();
    }

    private static String step(ConfigurableApplicationContext service, long orderId) {
        return jdbc(service).sql("SELECT step FROM order_saga WHERE order_id = ?").param(orderId)
                .query(String.class).single();
    }

    private static org.springframework.jdbc.core.simple.JdbcClient jdbc(ConfigurableApplicationContext service) {
        return service.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
    }

    private static RestClient client(ConfigurableApplicationContext service) {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return RestClient.create("http://localhost:" + port);
    }
}
