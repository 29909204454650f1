package com.acme.customerservice.system;

import dev.strangler.support.web.ProblemResponses;
import dev.strangler.support.web.Problems;
import java.sql.SQLException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The shop API's problem documents ({@link ProblemResponses}), plus what the database still refuses when two
 * requests race past the application's own checks.
 */
@RestControllerAdvice
class CustomerServiceProblems extends ProblemResponses {

    @ExceptionHandler
    ProblemDetail integrityViolation(DataIntegrityViolationException ex) {
        String sqlState = ex.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
        String message = String.valueOf(ex.getMostSpecificCause().getMessage());
        if ("23505".equals(sqlState)) {
            return Problems.problem(HttpStatus.CONFLICT, "Conflict", message.contains("customer_email_key")
                    ? "A customer with this email already exists"
                    : "A resource with the same unique value already exists");
        }
        if ("23503".equals(sqlState)) {
            return Problems.problem(HttpStatus.CONFLICT, "Conflict",
                    "The resource is still referenced by other resources");
        }
        return Problems.problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request violates a data constraint");
    }
}
