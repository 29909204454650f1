package com.acme.orderservice.order;

import com.acme.orderservice.support.AgainstFakeShop;
import com.acme.shopcontract.ContractReplayer;
import com.acme.shopcontract.ShopContract;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * order-service answers every {@code /api/orders} case of the shared contract as the monolith does, with stock
 * and payments taken over HTTP from a stand-in that answers like the monolith.
 */
class OrderContractIntegrationTests extends AgainstFakeShop {

    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> answersEveryOrderCaseOfTheContract() {
        long customerId = shop.addCustomer("Ada", "Lovelace");
        String sku = shop.addProduct("Test Teapot", 1_250, 1_000);
        String scarceSku = shop.addProduct("Rare Teapot", 999, 1);

        return ShopContract.tests("orders", ContractReplayer.against(URI.create("http://localhost:" + port),
                ContractReplayer.Side.SERVICE, Map.of("customerId", customerId, "customerName", "Ada Lovelace",
                        "sku", sku, "productName", "Test Teapot", "scarceSku", scarceSku)));
    }
}
