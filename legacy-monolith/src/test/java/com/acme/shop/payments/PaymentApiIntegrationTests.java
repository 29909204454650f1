package com.acme.shop.payments;

import static com.acme.shop.system.ProblemAssertions.assertProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.acme.shop.ShopIntegrationTest;
import com.acme.shop.system.ConflictException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

@ShopIntegrationTest
class PaymentApiIntegrationTests {

    @Autowired
    RestTestClient client;

    @Autowired
    Payments payments;

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

    @Test
    void aChargeArrivingAfterItsReferenceWasRefundedIsRefusedSoNoMoneyIsKept() {
        // The caller's charge timed out, and it compensated (refund by reference) before the charge got here.
        String reference = "ref-" + UUID.randomUUID();
        payments.refund(reference);

        Throwable lateCharge = catchThrowable(() -> payments.charge(new Charge(reference, 424242, 4_200, "EUR",
                "CARD", "tok_visa")));

        client.get().uri("/api/payments?orderId=424242&size=200").exchange().expectBody()
                .jsonPath("$.items[?(@.reference == '%s' && @.status == 'CAPTURED')]".formatted(reference))
                .doesNotExist();
        assertThat(lateCharge).isInstanceOf(ConflictException.class).hasMessageContaining("refunded before");
    }

    @Test
    void aChargeArrivingAfterARefundThroughTheApiIsAnswered409() {
        String reference = "ref-" + UUID.randomUUID();
        client.post().uri("/api/payments/by-reference/{reference}/refund", reference).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.reference").isEqualTo(reference)
                .jsonPath("$.status").isEqualTo("REFUNDED_BEFORE_CHARGE");

        assertProblem(client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body(charge(reference, 4_200, "tok_visa")).exchange(), 409);
        client.get().uri("/api/payments?orderId=424242&size=200").exchange().expectBody()
                .jsonPath("$.items[?(@.reference == '%s')]".formatted(reference)).doesNotExist();
    }

    @Test
    void refundingByReferenceRefundsACapturedChargeOnce() {
        String reference = "ref-" + UUID.randomUUID();
        client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body(charge(reference, 4_200, "tok_visa")).exchange().expectStatus().isCreated();

        for (int i = 0; i < 2; i++) {
            client.post().uri("/api/payments/by-reference/{reference}/refund", reference).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REFUNDED")
                    .jsonPath("$.paymentId").isNumber();
        }
        // A repeated charge still answers the first one, now refunded; it takes no money again.
        client.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body(charge(reference, 4_200, "tok_visa")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REFUNDED");
    }

    @Test
    void refusesAMalformedReferenceToRefund() {
        assertProblem(client.post().uri("/api/payments/by-reference/{reference}/refund", "bad ref!").exchange(),
                400);
    }

    private static String charge(String reference, long amount, String token) {
        return """
                {"reference":"%s","orderId":424242,"amountCents":%d,"currency":"EUR","method":"CARD","cardToken":"%s"}
                """.formatted(reference, amount, token);
    }
}
