package dev.strangler.support.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem documents in the shop API's wording, for code that builds one itself (e.g. from a saga's failure). */
public final class Problems {

    private Problems() {
    }

    /** One field that failed validation, as listed in a problem's {@code errors}. */
    public record FieldProblem(String field, String reason) {
    }

    public static ProblemDetail invalidFields(List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields: "
                + String.join(", ", errors.stream().map(FieldProblem::field).distinct().toList()));
        problem.setProperty("errors", errors);
        return problem;
    }

    public static ProblemDetail problem(HttpStatusCode status, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
