package com.acme.orderservice.support;

import dev.strangler.testsupport.postgres.PostgresDatabase;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * order-service on a real server port and a fresh database of the shared test PostgreSQL, with the monolith and
 * customer-service played by one {@link FakeShop} for the whole test JVM. Test classes extending this share one
 * app, one database and one fake shop, so each creates the customers and products it uses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@PostgresDatabase("orders")
public abstract class AgainstFakeShop {

    protected static final FakeShop shop = new FakeShop();

    @DynamicPropertySource
    static void pointAtTheFakeShop(DynamicPropertyRegistry properties) {
        properties.add("order-service.monolith.base-url", () -> shop.baseUrl().toString());
        properties.add("order-service.customer-service.base-url", () -> shop.baseUrl().toString());
        properties.add("order-service.monolith.retry-backoff", () -> "10ms");
        properties.add("order-service.customer-service.retry-backoff", () -> "10ms");
        // Failures are injected on purpose here; RemoteCallsTests shows the breaker opening.
        properties.add("order-service.monolith.circuit-breaker-minimum-calls", () -> "1000");
        properties.add("order-service.customer-service.circuit-breaker-minimum-calls", () -> "1000");
    }
}
