package com.acme.orderservice.monolith;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;

/** What the monolith answered to a call that it understood: its status and JSON body (a problem when it refused). */
record RemoteAnswer(int status, @Nullable JsonNode body) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The monolith's problem document as this service's own, so that the client sees what the monolith said. */
    ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatusCode.valueOf(status));
        if (body != null) {
            problem.setTitle(body.path("title").asString(null));
            problem.setDetail(body.path("detail").asString(null));
            if (body.has("errors")) {
                problem.setProperty("errors", body.get("errors"));
            }
        }
        return problem;
    }
}
