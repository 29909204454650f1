package dev.strangler.plans.console.dashboard;

import dev.strangler.plans.console.DashboardPaths;
import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.Problem;
import dev.strangler.support.admin.servlet.ServletProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may reach the dashboard's paths ({@code /dashboard} and below; the plan API's bearer token check leaves them to
 * this filter).
 * <p>
 * A browser cannot attach the bearer token to a navigation, so a person signs in once with the console's token
 * ({@code POST /dashboard/login}) and gets an HttpOnly, SameSite=Strict session cookie scoped to {@code /dashboard}.
 * With that cookie the page reads and acts only together with the session's CSRF value in {@value #CSRF_HEADER}, a
 * header no cross-site form or navigation can send; when an {@code Origin} header is present it must be this
 * server's. The cookie alone opens only the HTML page, which itself sends strangers to the sign-in.
 */
final class DashboardAccess extends HttpFilter {

    static final String COOKIE = "strangler_dashboard";

    static final String CSRF_HEADER = "X-Strangler-Csrf";

    static final String ROOT = DashboardPaths.ROOT;

    static final String LOGIN = ROOT + "/login";

    static final String ASSETS = ROOT + "/assets/";

    /** The request attribute holding the live session of an admitted request. */
    static final String SESSION = DashboardAccess.class.getName() + ".session";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    // The page shell and the sign-in, compared with the raw path exactly; the assets hold no data.
    private static final Set<String> OPEN_GETS = Set.of(ROOT, LOGIN);

    private final DashboardSessions sessions;

    DashboardAccess(DashboardSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (!DashboardPaths.isDashboard(uri)) {
            chain.doFilter(request, response);
            return;
        }
        secure(response);
        // Nothing encoded, no dot segments or parameters: the path this filter judges is the path that is served.
        if (uri.contains("%") || uri.contains(";") || uri.contains("//") || uri.contains("/.")) {
            ServletProblems.write(response, Problem.of(400, "Not a dashboard path"));
            return;
        }
        String method = request.getMethod();
        boolean open = ("GET".equals(method) && (OPEN_GETS.contains(uri) || uri.startsWith(ASSETS)))
                || ("POST".equals(method) && LOGIN.equals(uri));
        if (open) {
            chain.doFilter(request, response);
            return;
        }
        Optional<DashboardSessions.Session> session = sessions.find(sessionId(request));
        if (session.isEmpty()) {
            response.setHeader("WWW-Authenticate", AdminToken.challenge(null));
            ServletProblems.write(response, Problem.of(401, "Sign in at " + LOGIN + " first"));
            return;
        }
        if (!session.get().acceptsCsrf(request.getHeader(CSRF_HEADER))) {
            refuse(response, "A dashboard session must send its " + CSRF_HEADER + " value: reload the page");
            return;
        }
        if (!sameOrigin(request)) {
            refuse(response, "Cross-origin request refused");
            return;
        }
        request.setAttribute(SESSION, session.get());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        // The refused request's body may still be arriving: the connection ends with this answer.
        response.setHeader("Connection", "close");
        ServletProblems.write(response, Problem.of(403, detail));
    }

    static @Nullable String sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** No Origin (same-origin GETs, non-browser clients) or this server's own origin. */
    static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        return host != null && origin.equals("http://" + host);
    }

    static void secure(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        // Not no-referrer: with it Chromium sends "Origin: null" on same-origin POSTs, which the origin check refuses.
        response.setHeader("Referrer-Policy", "same-origin");
    }
}
