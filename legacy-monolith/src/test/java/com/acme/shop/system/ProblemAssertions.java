package com.acme.shop.system;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Checks that an answer is an RFC 9457 problem document with the given status. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static RestTestClient.BodyContentSpec assertProblem(RestTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.title").isNotEmpty();
    }
}
