package com.acme.shop;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Domain-named helpers that create test data through the shop's own API. */
public final class ShopFixtures {

    private static final AtomicInteger sequence = new AtomicInteger();

    private ShopFixtures() {
    }

    public static String uniqueEmail() {
        return "test-" + System.nanoTime() + "-" + sequence.incrementAndGet() + "@example.org";
    }

    public static String customerJson(String email) {
        return """
                {"firstName":"Ada","lastName":"Lovelace","email":"%s","phone":"+44 20 1234567",
                 "address":{"street":"12 St James's Square","city":"London","postalCode":"SW1Y 4JH","country":"GB"}}
                """.formatted(email);
    }

    public static long createCustomer(RestTestClient client) {
        Number id = client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body(customerJson(uniqueEmail())).exchange()
                .expectStatus().isCreated()
                .returnResult(CreatedId.class).getResponseBody().id();
        return id.longValue();
    }

    /** A new product with the given stock, so that stock assertions do not depend on other tests. */
    public static String createProduct(RestTestClient client, int stock, long priceCents) {
        String sku = "T-" + Long.toString(System.nanoTime(), 36).toUpperCase() + sequence.incrementAndGet();
        client.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"sku":"%s","name":"Test Teapot","priceCents":%d,"stock":%d}
                        """.formatted(sku, priceCents, stock))
                .exchange().expectStatus().isCreated();
        return sku;
    }

    public static int stockOf(RestTestClient client, String sku) {
        return client.get().uri("/api/products/{sku}", sku).exchange().expectStatus().isOk()
                .returnResult(Stock.class).getResponseBody().stock();
    }

    record CreatedId(Number id) {
    }

    record Stock(int stock) {
    }
}
