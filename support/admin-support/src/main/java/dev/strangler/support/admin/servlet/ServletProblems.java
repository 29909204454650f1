package dev.strangler.support.admin.servlet;

import dev.strangler.support.admin.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a {@link Problem} to a servlet response (from a filter, before any handler runs). */
public final class ServletProblems {

    private ServletProblems() {
    }

    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        byte[] body = problem.json();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
