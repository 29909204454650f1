package com.acme.customerservice.system;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
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
 * RFC 9457 problem documents with the titles, details and {@code errors[{field, reason}]} that the shop's API
 * has always answered with: clients and the proxy's shadow comparison must not be able to tell the two apart
 * (the contract in shop-contract checks it). Messages of unexpected exceptions are never echoed.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    /** One field that failed validation. */
    record FieldError(String field, String reason) {
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), reason(error)))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::reason))
                .toList();
        return handleExceptionInternal(ex, invalidFields(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                "The request body is not valid JSON of the expected shape"), headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler
    ProblemDetail notFound(ResourceNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(StateConflictException ex) {
        return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException ex) {
        return invalidFields(List.of(new FieldError(ex.field(), String.valueOf(ex.getMessage()))));
    }

    /** What the database still refuses when two requests race past the application's own checks. */
    @ExceptionHandler
    ProblemDetail integrityViolation(DataIntegrityViolationException ex) {
        String sqlState = ex.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
        String message = String.valueOf(ex.getMostSpecificCause().getMessage());
        if ("23505".equals(sqlState)) {
            return problem(HttpStatus.CONFLICT, "Conflict", message.contains("customer_email_key")
                    ? "A customer with this email already exists"
                    : "A resource with the same unique value already exists");
        }
        if ("23503".equals(sqlState)) {
            return problem(HttpStatus.CONFLICT, "Conflict", "The resource is still referenced by other resources");
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request violates a data constraint");
    }

    private static ProblemDetail invalidFields(List<FieldError> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields: "
                + String.join(", ", errors.stream().map(FieldError::field).distinct().toList()));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static String reason(org.springframework.validation.FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }
}
