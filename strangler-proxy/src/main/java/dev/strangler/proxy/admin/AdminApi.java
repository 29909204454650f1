package dev.strangler.proxy.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.strangler.proxy.audit.AuditEntry;
import dev.strangler.proxy.audit.AuditLog;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.rollback.RollbackAlarms;
import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.Routes;
import dev.strangler.proxy.shadow.ShadowReports;
import dev.strangler.proxy.state.RouteSwitchboard;
import dev.strangler.proxy.traffic.TrafficHistory;
import dev.strangler.support.admin.AuditFields;
import dev.strangler.support.admin.InvalidFieldException;
import dev.strangler.support.admin.Problem;
import dev.strangler.support.admin.webflux.WebFluxAdmin;

/**
 * The admin endpoints. Reads come from the live route table; every switch goes through the
 * {@link RouteSwitchboard}, off the event loop because it forces files to disk.
 */
final class AdminApi {

    static final String ACTOR_HEADER = AuditFields.ACTOR_HEADER;

    static final String DEFAULT_ACTOR = "admin";

    private static final int AUDIT_LIMIT = 1000;

    /** How often a switch to HOLD looks whether the rule's requests in flight have finished. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);

    private final Routes routes;

    private final RouteSwitchboard switchboard;

    private final AuditLog audit;

    private final ShadowReports shadow;

    private final ProxyMetrics metrics;

    private final RollbackAlarms alarms;

    private final JsonMapper json;

    private final Executor switches;

    private final TrafficView traffic;

    private final Duration holdTimeout;

    AdminApi(Routes routes, RouteSwitchboard switchboard, AuditLog audit, ShadowReports shadow, ProxyMetrics metrics,
            RollbackAlarms alarms, JsonMapper json, Executor switches, TrafficHistory traffic, Duration holdTimeout) {
        this.routes = routes;
        this.holdTimeout = holdTimeout;
        this.switchboard = switchboard;
        this.audit = audit;
        this.shadow = shadow;
        this.metrics = metrics;
        this.alarms = alarms;
        this.json = json;
        this.switches = switches;
        this.traffic = new TrafficView(traffic);
    }

    RouterFunction<ServerResponse> router() {
        return RouterFunctions.route()
            .GET("/admin/health", this::health)
            .GET("/admin/routes", this::listRoutes)
            .GET("/admin/routes/{id}", this::getRoute)
            .PUT("/admin/routes/{id}", this::switchRoute)
            .GET("/admin/routes/{id}/shadow", this::shadowReport)
            .GET("/admin/routes/{id}/traffic", this::trafficReport)
            .GET("/admin/audit", this::auditLog)
            .GET("/admin/metrics", this::metricsView)
            .build()
            .and(RouterFunctions.route(RequestPredicates.all(),
                    // Drain any body first, for the same reason as in switchRoute.
                    (request) -> request.bodyToFlux(DataBuffer.class).map(DataBufferUtils::release)
                        .then(problem(HttpStatus.NOT_FOUND, "No admin endpoint " + request.method().name() + " "
                            + request.path(), Map.of()))));
    }

    private Mono<ServerResponse> health(ServerRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<RollbackAlarms.Alarm> alarms = this.alarms.standing();
        // Still 200: the proxy serves every request; DEGRADED asks an operator to act on the named write rules.
        body.put("status", alarms.isEmpty() ? "UP" : "DEGRADED");
        body.put("rules", this.routes.current().rules().size());
        if (!alarms.isEmpty()) {
            body.put("alarms", alarms);
        }
        return json(HttpStatus.OK, body);
    }

    private Mono<ServerResponse> listRoutes(ServerRequest request) {
        return json(HttpStatus.OK, this.routes.current().rules().stream().map(RouteRule::describe).toList());
    }

    private Mono<ServerResponse> getRoute(ServerRequest request) {
        String id = request.pathVariable("id");
        return this.routes.current()
            .rule(id)
            .map((rule) -> json(HttpStatus.OK, rule.describe(), rule.etag()))
            .orElseGet(() -> unknownRule(id));
    }

    private Mono<ServerResponse> switchRoute(ServerRequest request) {
        // Read the whole body before any answer, refusals included: a body left unread on a kept-alive
        // connection would be parsed as the start of the caller's next request, which then hangs.
        return request.bodyToMono(String.class)
            .defaultIfEmpty("")
            .flatMap((body) -> switchRoute(request, body))
            .onErrorResume(WebFluxAdmin::overTheBodyLimit,
                    (ex) -> WebFluxAdmin.response(AdminConfiguration.BODY_LIMIT.problem()));
    }

    private Mono<ServerResponse> switchRoute(ServerRequest request, String body) {
        String id = request.pathVariable("id");
        RouteRule current = this.routes.current().rule(id).orElse(null);
        if (current == null) {
            return unknownRule(id);
        }
        String who;
        try {
            who = AuditFields.actor(request.headers().firstHeader(ACTOR_HEADER), DEFAULT_ACTOR,
                    Set.of(RouteSwitchboard.AUTO_ROLLBACK));
        }
        catch (InvalidFieldException ex) {
            return WebFluxAdmin.response(ex.problem());
        }
        String ifMatch = request.headers().firstHeader(HttpHeaders.IF_MATCH);
        RouteChange change;
        try {
            change = RouteChange.parse(body, current);
        }
        catch (RouteChange.InvalidChangeException ex) {
            return problem(HttpStatus.BAD_REQUEST, ex.field() + " " + ex.getMessage(),
                    RouteChange.problemFields(ex));
        }
        // A switch, once started, completes even if the caller goes away: cancelling it would interrupt the
        // thread mid-fsync and leave the caller unsure whether it applied.
        CompletableFuture<RouteRule> switching = CompletableFuture.supplyAsync(() -> this.switchboard
            .switchRule(id, change.mode(), change.percent(), ifMatch, who, change.reason()), this.switches);
        return Mono.fromFuture(switching, true)
            .onErrorMap(CompletionException.class, (ex) -> (ex.getCause() != null) ? ex.getCause() : ex)
            .flatMap((switched) -> (switched.mode() == RouteMode.HOLD) ? drained(switched)
                    : json(HttpStatus.OK, switched.describe(), switched.etag()))
            .onErrorResume(RouteSwitchboard.StaleVersionException.class,
                    (ex) -> problem(HttpStatus.PRECONDITION_FAILED, ex.getMessage(),
                            Map.of("currentEtag", ex.current().etag())))
            .onErrorResume(RouteSwitchboard.UnknownRuleException.class, (ex) -> unknownRule(id))
            .onErrorResume(RouteSwitchboard.StateUnavailableException.class,
                    (ex) -> problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(), Map.of("rule", id)));
    }

    /**
     * Answers a switch to HOLD once the rule's requests already at a backend have finished, so that the caller
     * knows no write of the rule can still commit. Polled rather than signalled: a hold is rare, the hot path
     * only counts. On timeout the rule stays held (putting it back would let new writes in, which is what the
     * caller asked to stop) and the answer says how many requests are still running; a repeated HOLD waits again.
     */
    private Mono<ServerResponse> drained(RouteRule held) {
        return Flux.interval(Duration.ZERO, DRAIN_POLL)
            .map((tick) -> this.routes.inFlight(held.id()))
            .filter((running) -> running == 0)
            .next()
            .timeout(this.holdTimeout, Mono.empty())
            .flatMap((none) -> json(HttpStatus.OK, held.describe(), held.etag()))
            .switchIfEmpty(Mono.defer(() -> {
                int running = this.routes.inFlight(held.id());
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "Rule '" + held.id() + "' is on HOLD, but " + running
                        + " of its requests were still at a backend after " + this.holdTimeout.toSeconds()
                        + " s and may still commit; switch it to HOLD again to wait again",
                        Map.of("rule", held.id(), "inFlight", running));
            }));
    }

    private Mono<ServerResponse> shadowReport(ServerRequest request) {
        String id = request.pathVariable("id");
        if (this.routes.current().rule(id).isEmpty()) {
            return unknownRule(id);
        }
        ShadowReports.ShadowReport report = this.shadow.report(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rule", report.rule());
        body.put("compared", report.compared());
        body.put("matched", report.matched());
        body.put("differed", report.differed());
        body.put("failed", report.failed());
        body.put("skipped", report.skipped());
        body.put("diffRate", report.diffRate());
        body.put("latestDiffs", report.latestDiffs());
        return json(HttpStatus.OK, body);
    }

    private Mono<ServerResponse> trafficReport(ServerRequest request) {
        String id = request.pathVariable("id");
        if (this.routes.current().rule(id).isEmpty()) {
            return unknownRule(id);
        }
        String window = request.queryParam("window").orElse(TrafficView.DEFAULT_WINDOW);
        try {
            return json(HttpStatus.OK, this.traffic.report(id, window));
        }
        catch (IllegalArgumentException ex) {
            return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), Map.of("field", "window"));
        }
    }

    private Mono<ServerResponse> auditLog(ServerRequest request) {
        String limitParam = request.queryParam("limit").orElse("100");
        int limit;
        try {
            limit = Integer.parseInt(limitParam);
        }
        catch (NumberFormatException ex) {
            limit = -1;
        }
        if (limit < 1 || limit > AUDIT_LIMIT) {
            return problem(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to " + AUDIT_LIMIT,
                    Map.of("field", "limit"));
        }
        int newest = limit;
        return Mono.fromCallable(() -> this.audit.latest(newest))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap((List<AuditEntry> entries) -> json(HttpStatus.OK, entries));
    }

    private Mono<ServerResponse> metricsView(ServerRequest request) {
        List<Map<String, Object>> meters = new ArrayList<>();
        for (Meter meter : this.metrics.registry().getMeters()) {
            if (!meter.getId().getName().startsWith("strangler.")) {
                continue;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", meter.getId().getName());
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : meter.getId().getTags()) {
                tags.put(tag.getKey(), tag.getValue());
            }
            view.put("tags", tags);
            Map<String, Double> values = new LinkedHashMap<>();
            for (Measurement measurement : meter.measure()) {
                values.put(measurement.getStatistic().getTagValueRepresentation(), measurement.getValue());
            }
            view.put("values", values);
            meters.add(view);
        }
        return json(HttpStatus.OK, meters);
    }

    private Mono<ServerResponse> unknownRule(String id) {
        return problem(HttpStatus.NOT_FOUND, "No rule with id '" + id + "'", Map.of("rule", id));
    }

    private Mono<ServerResponse> json(HttpStatus status, Object body) {
        return ServerResponse.status(status)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(this.json.writeValueAsString(body));
    }

    private Mono<ServerResponse> json(HttpStatus status, Object body, String etag) {
        return ServerResponse.status(status)
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.ETAG, etag)
            .bodyValue(this.json.writeValueAsString(body));
    }

    static Mono<ServerResponse> problem(HttpStatus status, String detail, Map<String, ?> extensions) {
        return WebFluxAdmin.response(new Problem(status.value(), detail, extensions));
    }

}
