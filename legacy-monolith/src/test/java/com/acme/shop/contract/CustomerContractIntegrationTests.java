package com.acme.shop.contract;

import static com.acme.shop.ShopFixtures.createCustomer;
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
 * The monolith is the reference for the contract of {@code /api/customers/**}: every case of the shared
 * contract (extracted-services/shop-contract) must pass here as written, before customer-service is held to it.
 */
@ShopIntegrationTest
class CustomerContractIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient client;

    @TestFactory
    Stream<DynamicTest> answersEveryCustomerCaseOfTheContract() {
        long customerWithOneOrder = createCustomer(client);
        String sku = createProduct(client, 10, 500);
        client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body("""
                {"customerId":%d,"lines":[{"sku":"%s","quantity":1}],"payment":{"method":"INVOICE"}}
                """.formatted(customerWithOneOrder, sku)).exchange().expectStatus().isCreated();

        return ShopContract.tests("customers", ContractReplayer.against(URI.create("http://localhost:" + port),
                ContractReplayer.Side.MONOLITH, Map.of("customerWithOneOrder", customerWithOneOrder)));
    }
}
