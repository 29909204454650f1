package dev.strangler.support.web;

import static dev.strangler.support.web.Problems.invalidFields;
import static dev.strangler.support.web.Problems.problem;

import dev.strangler.support.web.Problems.FieldProblem;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem documents with the titles, details and {@code errors[{field, reason}]} that the shop's API has
 * always answered with (the contract in shop-contract checks it): 400 naming every invalid field, 404, 409, and a
 * {@link ProblemException}'s own document. Messages of unexpected exceptions are never echoed.
 * <p>
 * An app adopts it with a {@code @RestControllerAdvice} subclass, where it adds the answers of its own exceptions
 * (e.g. 503 when a system it depends on does not answer).
 */
public abstract class ProblemResponses extends ResponseEntityExceptionHandler {

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), reason(error)))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::reason))
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
        return invalidFields(List.of(new FieldProblem(ex.field(), String.valueOf(ex.getMessage()))));
    }

    @ExceptionHandler
    ProblemDetail given(ProblemException ex) {
        return ex.problem();
    }

    private static String reason(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }
}
