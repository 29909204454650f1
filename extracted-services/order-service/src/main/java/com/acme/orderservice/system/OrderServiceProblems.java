package com.acme.orderservice.system;

import dev.strangler.support.web.ProblemResponses;
import dev.strangler.support.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The shop API's problem documents ({@link ProblemResponses}), plus 503 when a system this service depends on does
 * not answer.
 */
@RestControllerAdvice
class OrderServiceProblems extends ProblemResponses {

    @ExceptionHandler
    ProblemDetail unavailable(RemoteUnavailableException ex) {
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", ex.remote()
                + " does not answer, so the request could not be completed; try again later");
    }
}
