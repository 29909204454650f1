package dev.strangler.plans.console.dashboard;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.console.EngineClients;
import dev.strangler.plans.console.api.PlanApiController;
import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.AuditFields;
import dev.strangler.support.admin.InvalidFieldException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's pages and data ({@link DashboardAccess} has admitted every request that reaches a data endpoint):
 * the proxy's catalogue, traffic and shadow figures and its audit log read over its admin API, cdc-sync's pipelines
 * over its own, the plans from the console's runner in-process; a rule switch goes to the proxy's admin API (with the
 * rule's ETag, as the signed-in person) and a plan move through the same runner and lock as the plan API's.
 */
@RestController
class DashboardController {

    static final String PAGE = DashboardAccess.ROOT;

    static final String LOGIN = DashboardAccess.LOGIN;

    // Names only the kit itself acts as: nobody signs in as the auto-rollback or the plan API.
    private static final Set<String> RESERVED_ACTORS = Set.of("auto-rollback", "plan-api");

    // A rule id as the proxy's rules file allows it; checked here so nothing else is put into the proxy's URL.
    private static final String RULE = "{id:[A-Za-z0-9][A-Za-z0-9._-]{0,63}}";

    private static final String PLAN = "{plan:[a-z0-9][a-z0-9-]{0,62}}";

    private static final Map<String, String> ASSETS = Map.of("dashboard.css", "text/css", "dashboard.js",
            "text/javascript", "charts.js", "text/javascript");

    // The charting library, from its WebJar on the class path: served here, under the page's own policy.
    private static final Map<String, String> LIBRARY = Map.of("uplot.js", "dist/uPlot.iife.min.js", "uplot.css",
            "dist/uPlot.min.css");

    private final DashboardSessions sessions;

    private final LoginLog logins;

    private final AdminToken token;

    private final EngineClients engines;

    private final PlanApiController plans;

    private final SyncStatus sync;

    private final ChartHistory charts;

    private final String loginTemplate = resource("login.html");

    private final String pageTemplate = resource("dashboard.html");

    DashboardController(DashboardSessions sessions, LoginLog logins, AdminToken token, EngineClients engines,
            PlanApiController plans, ChartHistory charts) {
        this.charts = charts;
        this.sessions = sessions;
        this.logins = logins;
        this.token = token;
        this.engines = engines;
        this.plans = plans;
        this.sync = new SyncStatus(engines::sync);
    }

    @GetMapping(LOGIN)
    ResponseEntity<String> loginPage() {
        return loginPage(HttpStatus.OK, "", "");
    }

    @PostMapping(path = LOGIN, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> login(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
        if (!DashboardAccess.sameOrigin(request)) {
            return loginPage(HttpStatus.FORBIDDEN, "Cross-origin sign-in refused.", "");
        }
        String actor = Optional.ofNullable(form.getFirst("actor")).orElse("").strip();
        String presented = Optional.ofNullable(form.getFirst("token")).orElse("").strip();
        boolean validActor = AuditFields.validActor(actor, RESERVED_ACTORS);
        // The token is checked even when the name is wrong, so both paths take the same time.
        boolean accepted = token.matches(presented);
        if (!validActor) {
            return loginPage(HttpStatus.BAD_REQUEST, "Your name must be 1-64 letters, digits, '.', '_', '@' or '-' "
                    + "(it goes into the audit logs).", "");
        }
        String remote = request.getRemoteAddr();
        if (!accepted) {
            logins.record(new LoginLog.LoginEvent(Instant.now(), actor, "refused", remote));
            return loginPage(HttpStatus.UNAUTHORIZED, "That token was not accepted.", actor);
        }
        DashboardSessions.Created created = sessions.create(actor);
        ResponseCookie cookie = ResponseCookie.from(DashboardAccess.COOKIE, created.id()).httpOnly(true)
                .sameSite("Strict").path(DashboardAccess.ROOT).maxAge(sessions.timeout()).build();
        logins.record(new LoginLog.LoginEvent(Instant.now(), actor, "signed-in", remote));
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(PAGE))
                .header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    @PostMapping(DashboardAccess.ROOT + "/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        DashboardSessions.Session session = session(request);
        sessions.end(DashboardAccess.sessionId(request));
        logins.record(new LoginLog.LoginEvent(Instant.now(), session.actor(), "signed-out", request.getRemoteAddr()));
        ResponseCookie gone = ResponseCookie.from(DashboardAccess.COOKIE, "").httpOnly(true).sameSite("Strict")
                .path(DashboardAccess.ROOT).maxAge(0).build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, gone.toString()).build();
    }

    @GetMapping(PAGE)
    ResponseEntity<String> page(HttpServletRequest request) {
        Optional<DashboardSessions.Session> session = sessions.find(DashboardAccess.sessionId(request));
        if (session.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(LOGIN)).build();
        }
        String html = pageTemplate.replace("{{csrf}}", HtmlUtils.htmlEscape(session.get().csrf()))
                .replace("{{actor}}", HtmlUtils.htmlEscape(session.get().actor()));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    @GetMapping(DashboardAccess.ASSETS + "{name:[a-z.]+}")
    ResponseEntity<String> asset(@PathVariable String name) {
        String library = LIBRARY.get(name);
        String type = (library != null) ? (name.endsWith(".js") ? "text/javascript" : "text/css") : ASSETS.get(name);
        if (type == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(new MediaType(MediaType.valueOf(type), StandardCharsets.UTF_8))
                .body(library != null ? UPlot.file(library) : resource(name));
    }

    @GetMapping(DashboardAccess.ROOT + "/charts")
    Map<String, Object> charts() {
        return charts.view();
    }

    @GetMapping(DashboardAccess.ROOT + "/overview")
    Map<String, Object> overview(HttpServletRequest request) {
        return ProxyOverview.read(engines.proxy(), session(request).actor());
    }

    @GetMapping(DashboardAccess.ROOT + "/audit")
    Object audit() {
        return engines.proxy().get("/admin/audit?limit=50");
    }

    @GetMapping(DashboardAccess.ROOT + "/sync")
    Map<String, Object> sync() {
        return sync.read();
    }

    @GetMapping(DashboardAccess.ROOT + "/plans")
    Map<String, Object> plans() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("connected", true);
        view.put("plans", plans.plans());
        return view;
    }

    @PostMapping(path = DashboardAccess.ROOT + "/plans/" + PLAN + "/{action:advance|rollback}",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> movePlan(@PathVariable String plan, @PathVariable String action, @RequestBody PlanMove move,
            HttpServletRequest request) {
        return plans.move(plan, session(request).actor(), move.reason(), "advance".equals(action));
    }

    /**
     * Switches a rule on the proxy as the signed-in person, only if it is still the version the page showed
     * ({@code If-Match}); the proxy checks the body and audits the switch.
     */
    @PutMapping(path = DashboardAccess.ROOT + "/routes/" + RULE, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> switchRule(@PathVariable String id, @RequestBody RouteSwitch change,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.length() > 200) {
            throw new InvalidFieldException("If-Match", "must be the rule's ETag as the page showed it");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", change.mode());
        if (change.percent() != null) {
            body.put("percent", change.percent());
        }
        body.put("reason", AuditFields.reason(change.reason()));
        try {
            return ResponseEntity.ok(engines.proxy().put("/admin/routes/" + id, body, session(request).actor(),
                    ifMatch));
        }
        catch (AdminClient.AdminException ex) {
            // The proxy's own answer (400 naming the field, 404, 412 stale ETag) reaches the page as it gave it.
            HttpStatus status = Optional.ofNullable(HttpStatus.resolve(ex.status())).orElse(HttpStatus.BAD_GATEWAY);
            return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, ex.getMessage()));
        }
    }

    /** A plan move from the page: the reason only (the page never dry-runs); an unknown field is refused. */
    record PlanMove(@Nullable String reason) {
    }

    /** A rule switch from the page, as the proxy's admin API takes it. */
    record RouteSwitch(@Nullable String mode, @Nullable Integer percent, @Nullable String reason) {
    }

    private static DashboardSessions.Session session(HttpServletRequest request) {
        return (DashboardSessions.Session) request.getAttribute(DashboardAccess.SESSION);
    }

    private ResponseEntity<String> loginPage(HttpStatus status, String message, String actor) {
        String html = loginTemplate.replace("{{message}}", HtmlUtils.htmlEscape(message))
                .replace("{{actor}}", HtmlUtils.htmlEscape(actor));
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(html);
    }

    static String resource(String name) {
        try (InputStream in = new ClassPathResource("dashboard/" + name, DashboardController.class.getClassLoader())
                .getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The dashboard's resource dashboard/" + name + " is missing", ex);
        }
    }

    /** uPlot's files in its WebJar, whichever version the build put on the class path. */
    static final class UPlot {

        private static final String VERSION = version();

        private UPlot() {
        }

        static String file(String path) {
            String location = "META-INF/resources/webjars/uplot/" + VERSION + "/" + path;
            try (InputStream in = new ClassPathResource(location, DashboardController.class.getClassLoader())
                    .getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("uPlot's " + location + " is missing from the class path", ex);
            }
        }

        private static String version() {
            java.util.Properties properties = new java.util.Properties();
            try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars.npm/uplot/pom.properties",
                    DashboardController.class.getClassLoader()).getInputStream()) {
                properties.load(in);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("The uplot WebJar (org.webjars.npm:uplot) is not on the class path", ex);
            }
            return properties.getProperty("version");
        }
    }
}
