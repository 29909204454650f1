package dev.strangler.proxy.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.HtmlUtils;

import dev.strangler.proxy.routing.Problems;
import dev.strangler.support.admin.AuditFields;
import dev.strangler.support.admin.InvalidFieldException;

/**
 * The dashboard on the admin port: its pages, its read-only data endpoints, the plan moves it relays to the plan
 * API, and its sign-in.
 * <p>
 * A browser cannot attach the bearer token to a navigation, so a person signs in once with the token
 * ({@code POST /admin/login}) and gets an HttpOnly, SameSite=Strict session cookie scoped to {@code /admin}.
 * With that cookie the page calls the ordinary admin API (the CLI's {@code PUT /admin/routes/{id}} included),
 * but only together with the session's CSRF value in {@value #CSRF_HEADER}, a header no cross-site form or
 * navigation can send; when an {@code Origin} header is present it must be this server's. The cookie alone
 * opens only the HTML page. Bearer-token callers are admitted before any of this and see no change.
 */
public final class Dashboard {

    static final String COOKIE = "strangler_dashboard";

    static final String CSRF_HEADER = "X-Strangler-Csrf";

    // The admin API names the actor of a switch from this header; for a dashboard session it is the signed-in name.
    static final String ACTOR_HEADER = "X-Strangler-Actor";

    static final String LOGIN = "/admin/login";

    static final String LOGOUT = "/admin/logout";

    static final String PAGE = "/admin/dashboard";

    static final String CSS = "/admin/dashboard/assets/dashboard.css";

    static final String JS = "/admin/dashboard/assets/dashboard.js";

    static final String OVERVIEW = "/admin/dashboard/overview";

    static final String SYNC = "/admin/dashboard/sync";

    static final String PLANS = "/admin/dashboard/plans";

    // A plan name as the plan files allow it; checked here too, so nothing else is ever put into the plan API's URL.
    private static final Pattern PLAN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    // Names only the proxy itself acts as: nobody signs in as the auto-rollback.
    private static final Set<String> RESERVED_ACTORS = Set.of("auto-rollback");

    private static final String SESSION_ATTR = Dashboard.class.getName() + ".session";

    // Reachable without any credential: the sign-in, the page shell (which itself sends strangers to the
    // sign-in) and two static files that hold no data. Compared with the raw path, exactly.
    private static final Set<String> OPEN_GETS = Set.of(LOGIN, PAGE, CSS, JS);

    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private final DashboardSessions sessions;

    private final LoginLog logins;

    private final MigrationOverview overview;

    private final SyncStatus sync;

    private final PlanApiClient plans;

    private final JsonMapper json;

    private final String loginTemplate = resource("login.html");

    private final String pageTemplate = resource("dashboard.html");

    private final String css = resource("dashboard.css");

    private final String js = resource("dashboard.js");

    Dashboard(DashboardSessions sessions, LoginLog logins, MigrationOverview overview, SyncStatus sync,
            PlanApiClient plans, JsonMapper json) {
        this.sessions = sessions;
        this.logins = logins;
        this.overview = overview;
        this.sync = sync;
        this.plans = plans;
        this.json = json;
    }

    /**
     * The dashboard's routes, to be placed before the admin API's own.
     *
     * @param tokenMatches the admin token check (constant time), used by the sign-in
     */
    public RouterFunction<ServerResponse> router(Predicate<String> tokenMatches) {
        return RouterFunctions.route()
            .GET(LOGIN, (request) -> loginPage(HttpStatus.OK, "", ""))
            .POST(LOGIN, (request) -> login(request, tokenMatches))
            .POST(LOGOUT, this::logout)
            .GET(PAGE, this::page)
            .GET(CSS, (request) -> asset(this.css, "text/css"))
            .GET(JS, (request) -> asset(this.js, "text/javascript"))
            .GET(OVERVIEW, (request) -> data(this.overview.read(actorOf(request))))
            .GET(SYNC, (request) -> this.sync.read().flatMap(this::data))
            .GET(PLANS, (request) -> this.plans.read().flatMap(this::data))
            .POST(PLANS + "/{plan}/{action}", this::movePlan)
            .build();
    }

    /**
     * Admits a request that carries no valid bearer token: open pages as they are, and anything else only for a
     * live session that also proves the request came from the dashboard page. Everything else is handed to
     * {@code unauthenticated}, which answers exactly as for a missing bearer token.
     */
    public Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain,
            Function<ServerWebExchange, Mono<Void>> unauthenticated) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if ((HttpMethod.GET.equals(request.getMethod()) && OPEN_GETS.contains(path))
                || (HttpMethod.POST.equals(request.getMethod()) && LOGIN.equals(path))) {
            return chain.filter(exchange);
        }
        Optional<DashboardSessions.Session> session = this.sessions.find(sessionId(request));
        if (session.isEmpty()) {
            return unauthenticated.apply(exchange);
        }
        if (!session.get().acceptsCsrf(request.getHeaders().getFirst(CSRF_HEADER))) {
            return forbidden(exchange, "A dashboard session must send its " + CSRF_HEADER + " value: reload the page");
        }
        if (!sameOrigin(request)) {
            return forbidden(exchange, "Cross-origin request refused");
        }
        String actor = session.get().actor();
        ServerWebExchange asActor = exchange.mutate()
            .request((builder) -> builder.headers((headers) -> headers.set(ACTOR_HEADER, actor)))
            .build();
        asActor.getAttributes().put(SESSION_ATTR, session.get());
        return chain.filter(asActor);
    }

    /**
     * Advances or rolls back a plan through the plan API, as the signed-in person, with their reason. The body is
     * checked here first (the same rules as the plan API's), so that only a well-formed move leaves the proxy.
     */
    private Mono<ServerResponse> movePlan(ServerRequest request) {
        String plan = request.pathVariable("plan");
        String action = request.pathVariable("action");
        return request.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
            if (!PLAN.matcher(plan).matches()) {
                return problem(HttpStatus.BAD_REQUEST, "plan: must be a plan's name (lower-case letters, digits, '-')",
                        Map.of("field", "plan"));
            }
            if (!"advance".equals(action) && !"rollback".equals(action)) {
                return problem(HttpStatus.NOT_FOUND, "No plan action '" + action + "' (advance or rollback)",
                        Map.of());
            }
            Map<String, Object> move;
            try {
                move = planMove(body);
            }
            catch (InvalidMove ex) {
                return problem(HttpStatus.BAD_REQUEST, ex.field + ": " + ex.getMessage(), Map.of("field", ex.field));
            }
            return this.plans.move(plan, action, move, actorOf(request))
                .flatMap((answer) -> ServerResponse.status(answer.status())
                    .contentType(answer.problem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
                    .headers(Dashboard::secure)
                    .bodyValue(answer.json()));
        });
    }

    /** The move as the plan API takes it; a body that is not acceptable is refused naming the field. */
    private Map<String, Object> planMove(String body) {
        JsonNode root;
        try {
            root = body.isBlank() ? null : this.json.readTree(body);
        }
        catch (JacksonException ex) {
            throw new InvalidMove("body", "is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMove("body", "must be a JSON object: {\"reason\": \"...\", \"dryRun\": false}");
        }
        for (String field : root.propertyNames()) {
            if (!"reason".equals(field) && !"dryRun".equals(field)) {
                throw new InvalidMove(field, "unknown field (known: reason, dryRun)");
            }
        }
        JsonNode reason = root.get("reason");
        if (reason != null && !reason.isNull() && !reason.isString()) {
            throw new InvalidMove("reason", "must be a string: say why the plan moves");
        }
        String text;
        try {
            text = AuditFields.reason(reason == null || reason.isNull() ? null : reason.asString());
        }
        catch (InvalidFieldException ex) {
            throw new InvalidMove(ex.field(), ex.reason());
        }
        JsonNode dryRun = root.get("dryRun");
        if (dryRun != null && !dryRun.isBoolean()) {
            throw new InvalidMove("dryRun", "must be true or false");
        }
        Map<String, Object> move = new java.util.LinkedHashMap<>();
        move.put("reason", text);
        move.put("dryRun", dryRun != null && dryRun.asBoolean());
        return move;
    }

    /** A field of a plan move that is not acceptable, and why. */
    private static final class InvalidMove extends RuntimeException {

        private final String field;

        InvalidMove(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }

    }

    private static Mono<ServerResponse> problem(HttpStatus status, String detail, Map<String, ?> extensions) {
        return ServerResponse.status(status)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .headers(Dashboard::secure)
            .bodyValue(new String(Problems.bytes(status, detail, extensions), StandardCharsets.UTF_8));
    }

    private Mono<ServerResponse> page(ServerRequest request) {
        Optional<DashboardSessions.Session> session = this.sessions.find(sessionId(request.exchange().getRequest()));
        if (session.isEmpty()) {
            return ServerResponse.seeOther(URI.create(LOGIN)).headers(Dashboard::secure).build();
        }
        String html = this.pageTemplate.replace("{{csrf}}", HtmlUtils.htmlEscape(session.get().csrf()))
            .replace("{{actor}}", HtmlUtils.htmlEscape(session.get().actor()));
        return ServerResponse.ok()
            .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
            .headers(Dashboard::secure)
            .bodyValue(html);
    }

    private Mono<ServerResponse> login(ServerRequest request, Predicate<String> tokenMatches) {
        String remote = remote(request.exchange().getRequest());
        // The form is read before anything is refused: an unread body left on a kept-alive connection would be
        // taken for the start of the next request.
        return request.formData().defaultIfEmpty(new LinkedMultiValueMap<>()).flatMap(
                (MultiValueMap<String, String> form) -> {
                    if (!sameOrigin(request.exchange().getRequest())) {
                        return loginPage(HttpStatus.FORBIDDEN, "Cross-origin sign-in refused.", "");
                    }
                    String actor = Optional.ofNullable(form.getFirst("actor")).orElse("").strip();
                    String token = Optional.ofNullable(form.getFirst("token")).orElse("").strip();
                    boolean validActor = AuditFields.validActor(actor, RESERVED_ACTORS);
                    // The token is checked even when the name is wrong, so both paths take the same time.
                    boolean accepted = tokenMatches.test(token);
                    if (!validActor) {
                        return loginPage(HttpStatus.BAD_REQUEST, "Your name must be 1-64 letters, digits, '.', '_', "
                                + "'@' or '-' (it goes into the audit log).", "");
                    }
                    if (!accepted) {
                        return record(new LoginLog.LoginEvent(Instant.now(), actor, "refused", remote))
                            .then(loginPage(HttpStatus.UNAUTHORIZED, "That token was not accepted.", actor));
                    }
                    DashboardSessions.Created created = this.sessions.create(actor);
                    ResponseCookie cookie = ResponseCookie.from(COOKIE, created.id())
                        .httpOnly(true)
                        .sameSite("Strict")
                        .path("/admin")
                        .maxAge(this.sessions.timeout())
                        .build();
                    return record(new LoginLog.LoginEvent(Instant.now(), actor, "signed-in", remote))
                        .then(ServerResponse.seeOther(URI.create(PAGE))
                            .headers(Dashboard::secure)
                            .cookie(cookie)
                            .build());
                });
    }

    private Mono<ServerResponse> logout(ServerRequest request) {
        Optional<DashboardSessions.Session> session = request.exchange().getAttribute(SESSION_ATTR) instanceof
                DashboardSessions.Session live ? Optional.of(live) : Optional.empty();
        this.sessions.end(sessionId(request.exchange().getRequest()));
        ResponseCookie expired = ResponseCookie.from(COOKIE, "").httpOnly(true).sameSite("Strict").path("/admin")
            .maxAge(0).build();
        Mono<Void> logged = session.map((live) -> record(new LoginLog.LoginEvent(Instant.now(), live.actor(),
                "signed-out", remote(request.exchange().getRequest())))).orElse(Mono.empty());
        return logged.then(ServerResponse.noContent().headers(Dashboard::secure).cookie(expired).build());
    }

    private Mono<Void> record(LoginLog.LoginEvent event) {
        return Mono.fromRunnable(() -> this.logins.record(event)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private Mono<ServerResponse> loginPage(HttpStatus status, String message, String actor) {
        String html = this.loginTemplate.replace("{{message}}", HtmlUtils.htmlEscape(message))
            .replace("{{actor}}", HtmlUtils.htmlEscape(actor));
        return ServerResponse.status(status)
            .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
            .headers(Dashboard::secure)
            .bodyValue(html);
    }

    private Mono<ServerResponse> asset(String content, String type) {
        return ServerResponse.ok()
            .contentType(new MediaType(MediaType.parseMediaType(type), StandardCharsets.UTF_8))
            .headers(Dashboard::secure)
            .bodyValue(content);
    }

    private Mono<ServerResponse> data(Object body) {
        return ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .headers(Dashboard::secure)
            .bodyValue(this.json.writeValueAsString(body));
    }

    /** A session's signed-in name; a bearer-token caller's valid {@value #ACTOR_HEADER}, else "admin". */
    private static String actorOf(ServerRequest request) {
        if (request.exchange().getAttribute(SESSION_ATTR) instanceof DashboardSessions.Session session) {
            return session.actor();
        }
        String sent = request.headers().firstHeader(ACTOR_HEADER);
        return AuditFields.validActor(sent, RESERVED_ACTORS) ? sent : "admin";
    }

    private static void secure(HttpHeaders headers) {
        headers.setCacheControl("no-store");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        // Not no-referrer: with it Chromium sends "Origin: null" on same-origin POSTs, which the origin check refuses.
        headers.set("Referrer-Policy", "same-origin");
    }

    private static @Nullable String sessionId(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(COOKIE);
        return (cookie != null) ? cookie.getValue() : null;
    }

    /** No Origin (same-origin GETs, non-browser clients) or this server's own origin. */
    private static boolean sameOrigin(ServerHttpRequest request) {
        String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return host != null && origin.equals("http://" + host);
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange, String detail) {
        exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
        // The refused request's body may still be arriving: reusing the connection would read it as the next
        // request, so the connection ends with this answer.
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = Problems.bytes(HttpStatus.FORBIDDEN, detail, Map.of());
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
    }

    private static String remote(ServerHttpRequest request) {
        InetSocketAddress address = request.getRemoteAddress();
        return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : "unknown";
    }

    private static String resource(String name) {
        try (InputStream in = new ClassPathResource("dashboard/" + name, Dashboard.class.getClassLoader())
            .getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The dashboard's resource dashboard/" + name + " is missing", ex);
        }
    }

}
