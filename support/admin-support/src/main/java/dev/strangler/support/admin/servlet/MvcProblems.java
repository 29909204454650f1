package dev.strangler.support.admin.servlet;

import dev.strangler.support.admin.BodyLimit;
import dev.strangler.support.admin.InvalidFieldException;
import dev.strangler.support.admin.Problem;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** A {@link Problem} as Spring MVC's {@link ProblemDetail}, for an exception handler to return. */
public final class MvcProblems {

    private MvcProblems() {
    }

    public static ProblemDetail detail(Problem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()),
                problem.detail());
        detail.setTitle(Problem.title(problem.status()));
        for (Map.Entry<String, ?> member : problem.extensions().entrySet()) {
            detail.setProperty(member.getKey(), member.getValue());
        }
        return detail;
    }

    /**
     * A body Spring could not read, as every admin surface answers it: over the limit 413; a field the endpoint does
     * not know 400 naming it (rather than ignoring what may be a typo of a field that matters); a field of the wrong
     * type 400 naming it and the type it must have; anything else (not JSON, not an object) 400 naming {@code body}.
     *
     * @param body why the body as a whole was refused, e.g. {@code must be a JSON object: {"reason": "..."}}
     */
    public static ProblemDetail unreadableBody(HttpMessageNotReadableException ex, BodyLimit limit, String body) {
        if (BodyLimit.isTooLarge(ex)) {
            return detail(limit.problem());
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                String known = unknown.getKnownPropertyIds() == null ? "" : " (known: " + unknown.getKnownPropertyIds()
                        .stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
                return invalid(unknown.getPropertyName(), "unknown field" + known);
            }
            if (cause instanceof MismatchedInputException mismatch && field(mismatch) != null) {
                return invalid(field(mismatch), "must be " + kind(mismatch.getTargetType()));
            }
        }
        return invalid("body", body);
    }

    private static @Nullable String field(DatabindException ex) {
        return ex.getPath().isEmpty() ? null : ex.getPath().get(0).getPropertyName();
    }

    private static String kind(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "of another type";
    }

    private static ProblemDetail invalid(String field, String reason) {
        return detail(new InvalidFieldException(field, reason).problem());
    }
}
