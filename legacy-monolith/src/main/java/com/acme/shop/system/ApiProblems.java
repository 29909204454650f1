package com.acme.shop.system;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the shop's API returns is an RFC 9457 problem document. Validation problems name each field and
 * its reason in {@code errors}; the others say in {@code detail} what was wrong. Messages of unexpected
 * exceptions are never echoed.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    /** One field that failed validation. */
    record FieldProblem(String field, String reason) {
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), reason(error)))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::reason))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid fields: " + String.join(", ",
                        errors.stream().map(FieldProblem::field).distinct().toList()));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape");
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException ex) {
        return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail staleVersion(OptimisticLockingFailureException ex) {
        return problem(HttpStatus.CONFLICT, "Conflict",
                "The resource was changed by someone else; reload it and retry with its current version");
    }

    @ExceptionHandler
    ProblemDetail paymentDeclined(PaymentDeclinedException ex) {
        return problem(HttpStatus.PAYMENT_REQUIRED, "Payment declined", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidParameter(InvalidParameterException ex) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "The request has invalid fields: " + ex.parameter());
        problem.setProperty("errors", List.of(new FieldProblem(ex.parameter(), ex.getMessage())));
        return problem;
    }

    /** Constraints the database enforces even when two requests race past the application's own checks. */
    @ExceptionHandler
    ProblemDetail integrityViolation(DataIntegrityViolationException ex) {
        String sqlState = ex.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
        String message = String.valueOf(ex.getMostSpecificCause().getMessage());
        if ("23505".equals(sqlState)) {
            return problem(HttpStatus.CONFLICT, "Conflict", UNIQUE_CONSTRAINTS.entrySet().stream()
                    .filter(entry -> message.contains(entry.getKey())).map(Map.Entry::getValue).findFirst()
                    .orElse("A resource with the same unique value already exists"));
        }
        if ("23503".equals(sqlState)) {
            return problem(HttpStatus.CONFLICT, "Conflict", "The resource is still referenced by other resources");
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request violates a data constraint");
    }

    private static final Map<String, String> UNIQUE_CONSTRAINTS = Map.of(
            "customers_email_key", "A customer with this email already exists",
            "payments_reference_key", "A payment with this reference already exists");

    private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static String reason(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }
}
