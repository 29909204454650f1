package dev.strangler.support.web;

import org.springframework.http.ProblemDetail;

/** Ends a request with a problem document built elsewhere, e.g. one the monolith answered a saga step with. */
public class ProblemException extends RuntimeException {

    private final ProblemDetail problem;

    public ProblemException(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return problem;
    }
}
