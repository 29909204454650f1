package dev.strangler.support.admin.servlet;

import dev.strangler.support.admin.Problem;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/** A {@link Problem} as Spring MVC's {@link ProblemDetail}, for an exception handler to return. */
public final class MvcProblems {

    private MvcProblems() {
    }

    public static ProblemDetail detail(Problem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(
                org.springframework.http.HttpStatusCode.valueOf(problem.status()), problem.detail());
        detail.setTitle(Problem.title(problem.status()));
        for (Map.Entry<String, ?> member : problem.extensions().entrySet()) {
            detail.setProperty(member.getKey(), member.getValue());
        }
        return detail;
    }
}
