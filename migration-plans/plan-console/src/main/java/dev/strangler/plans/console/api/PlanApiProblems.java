package dev.strangler.plans.console.api;

import dev.strangler.plans.admin.AdminClient.AdminException;
import dev.strangler.plans.plan.InvalidPlanException;
import dev.strangler.support.admin.InvalidFieldException;
import dev.strangler.support.admin.servlet.MvcProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the plan API as RFC 9457 problem documents: the framework's own (405, 415, 404 for a path it does not
 * serve) and those that name the field and the reason.
 */
@RestControllerAdvice
class PlanApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(PlanApiController.UnknownPlanException.class)
    ProblemDetail unknownPlan(PlanApiController.UnknownPlanException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setProperty("plan", ex.plan());
        return problem;
    }

    /** The actor or the reason of a move, refused by the checks every admin surface shares: 400 naming it. */
    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException ex) {
        return MvcProblems.detail(ex.problem());
    }

    /** An engine that cannot give what the plan needs: 503 when it is down, else 502. */
    @ExceptionHandler(AdminException.class)
    ProblemDetail engine(AdminException ex) {
        return ProblemDetail.forStatusAndDetail(ex.status() == 503 ? HttpStatus.SERVICE_UNAVAILABLE
                : HttpStatus.BAD_GATEWAY, "An engine could not give what the plan needs: " + ex.getMessage());
    }

    @ExceptionHandler(InvalidPlanException.class)
    ProblemDetail invalidPlan(InvalidPlanException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Invalid plan file: "
                + ex.getMessage());
    }

    /**
     * A body that is not a move: too large (413), a field a move does not have or one of the wrong type (400 naming
     * it), or not a JSON object (400, field body).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = MvcProblems.unreadableBody(ex, PlanApiConfiguration.BODY_LIMIT,
                "must be a JSON object: {\"reason\": \"...\", \"dryRun\": false}");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
