package com.acme.customerservice.customer;

import com.acme.customerservice.CustomerServiceIntegrationTest;
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
 * customer-service answers every {@code /api/customers} case of the shared contract as the monolith does, apart
 * from the differences the contract allows (it deletes a customer the monolith would keep for their orders).
 */
@CustomerServiceIntegrationTest
class CustomerContractIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient client;

    @TestFactory
    Stream<DynamicTest> answersEveryCustomerCaseOfTheContract() {
        // The service cannot know that this customer has an order: that is the allowed difference the case names.
        long customerWithOneOrder = client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"firstName":"Ada","lastName":"Lovelace","email":"ordered.%d@example.org"}
                        """.formatted(System.nanoTime()))
                .exchange().expectStatus().isCreated().returnResult(CreatedCustomer.class).getResponseBody().id();

        return ShopContract.tests("customers", ContractReplayer.against(URI.create("http://localhost:" + port),
                ContractReplayer.Side.SERVICE, Map.of("customerWithOneOrder", customerWithOneOrder)));
    }

    record CreatedCustomer(long id) {
    }
}
