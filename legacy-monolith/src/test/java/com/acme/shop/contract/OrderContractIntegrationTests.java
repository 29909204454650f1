package com.acme.shop.contract;

import static com.acme.shop.ShopFixtures.createProduct;

import com.acme.shop.ShopIntegrationTest;
import com.acme.shopcontract.ContractReplayer;
import com.acme.shopcontract.ShopContract;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The monolith is the reference for the contract of {@code /api/orders/**}: every case of the shared contract
 * (extracted-services/shop-contract) must pass here as written, before order-service is held to it.
 */
@ShopIntegrationTest
class OrderContractIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient client;

    @TestFactory
    Stream<DynamicTest> answersEveryOrderCaseOfTheContract() {
        long customerId = client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"firstName":"Ada","lastName":"Lovelace","email":"orders.%d@example.org"}
                        """.formatted(System.nanoTime()))
                .exchange().expectStatus().isCreated().returnResult(Created.class).getResponseBody().id();
        // The contract's products: one priced 1250 cents with ample stock, one with a single item in stock.
        String sku = createProduct(client, 1_000, 1_250);
        String scarceSku = createProduct(client, 1, 999);

        return ShopContract.tests("orders", ContractReplayer.against(URI.create("http://localhost:" + port),
                ContractReplayer.Side.MONOLITH, Map.of("customerId", customerId, "customerName", "Ada Lovelace",
                        "sku", sku, "productName", "Test Teapot", "scarceSku", scarceSku)));
    }

    record Created(long id) {
    }
}
