package dev.strangler.support.admin.servlet;

import dev.strangler.support.admin.AdminToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Every request needs the admin bearer token, except the paths named open (a health probe that reveals nothing). */
public final class BearerTokenFilter extends HttpFilter {

    private final AdminToken token;

    private final Predicate<String> open;

    private final @Nullable String realm;

    /**
     * @param open paths (the request URI) that need no token
     * @param realm the realm named in {@code WWW-Authenticate}, or null for none
     */
    public BearerTokenFilter(AdminToken token, Predicate<String> open, @Nullable String realm) {
        this.token = token;
        this.open = open;
        this.realm = realm;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (this.open.test(request.getRequestURI()) || this.token.matchesBearer(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", AdminToken.challenge(this.realm));
        ServletProblems.write(response, AdminToken.unauthorized(null));
    }
}
