package com.acme.shop.payments;

import static com.acme.shop.system.ProblemAssertions.assertProblem;

import com.acme.shop.ShopIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

@ShopIntegrationTest
class PaymentApiIntegrationTests {

    @Autowired
    RestTestClient client;

    @Test
    void aRepeatedChargeReferenceChargesOnce() {
        String charge = charge("ref-" + UUID.randomUUID(), 4_200, "tok_visa");
        client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON).body(charge).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("CAPTURED");
        client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON).body(charge).exchange()
                .expectStatus().isOk();
    }

    @Test
    void refusesToReuseAReferenceForAnotherAmount() {
        String reference = "ref-" + UUID.randomUUID();
        client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body(charge(reference, 100, "tok_visa")).exchange().expectStatus().isCreated();
        assertProblem(client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body(charge(reference, 200, "tok_visa")).exchange(), 409);
    }

    @Test
    void aDeclinedCardIsAnsweredWith402AndNotStored() {
        String reference = "ref-" + UUID.randomUUID();
        assertProblem(client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body(charge(reference, 100, "tok_declined").replace("424242", "737373")).exchange(), 402);
        client.get().uri("/api/payments?orderId=737373").exchange().expectBody().jsonPath("$.items.length()")
                .isEqualTo(0);
    }

    private static String charge(String reference, long amount, String token) {
        return """
                {"reference":"%s","orderId":424242,"amountCents":%d,"currency":"EUR","method":"CARD","cardToken":"%s"}
                """.formatted(reference, amount, token);
    }
}
