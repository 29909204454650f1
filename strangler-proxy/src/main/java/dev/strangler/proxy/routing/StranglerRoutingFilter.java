package dev.strangler.proxy.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import dev.strangler.proxy.canary.CanarySplit;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.tracing.TraceOnLogLine;
import dev.strangler.proxy.traffic.TrafficHistory;

/**
 * Decides, per request, which backend answers, and forwards it there through the gateway's own Netty routing.
 * <p>
 * The gateway has a single catch-all route; this filter runs after it has resolved a URL and replaces that URL
 * with the chosen backend's. Deciding here from an immutable {@link RouteTable} snapshot (rather than rebuilding
 * gateway routes) means one switch is one reference swap, and a request already decided is unaffected by it.
 * Sitting just before {@code NettyRoutingFilter} also lets a failed service call be retried on the monolith:
 * when the chain returns, only the status and headers have arrived and nothing has been written to the client.
 */
final class StranglerRoutingFilter implements GlobalFilter, Ordered {

    static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

    static final String ROUTE_HEADER = "X-Strangler-Route";

    static final String TARGET_HEADER = "X-Strangler-Target";

    /** How long a client of a held rule is asked to wait: a switch's drain takes about a second. */
    static final String RETRY_AFTER_SECONDS = "1";

    /** Rule id reported for requests no rule matches. */
    static final String DEFAULT_ROUTE = "default";

    private static final String TARGET_ATTR = StranglerRoutingFilter.class.getName() + ".target";

    private static final String RULE_ATTR = StranglerRoutingFilter.class.getName() + ".rule";

    private static final Logger logger = LoggerFactory.getLogger(StranglerRoutingFilter.class);

    private final Routes routes;

    private final Backends backends;

    private final CanarySplit canary;

    private final ShadowTraffic shadow;

    private final ServiceOutcomes outcomes;

    private final ProxyMetrics metrics;

    private final TrafficHistory traffic;

    private final boolean routeHeaders;

    StranglerRoutingFilter(Routes routes, Backends backends, CanarySplit canary, ShadowTraffic shadow,
            ServiceOutcomes outcomes, ProxyMetrics metrics, TrafficHistory traffic, boolean routeHeaders) {
        this.routes = routes;
        this.backends = backends;
        this.canary = canary;
        this.shadow = shadow;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.traffic = traffic;
        this.routeHeaders = routeHeaders;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long started = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        if (this.routeHeaders) {
            exchange.getResponse().beforeCommit(() -> {
                String rule = exchange.getAttribute(RULE_ATTR);
                String target = exchange.getAttribute(TARGET_ATTR);
                if (rule != null) {
                    exchange.getResponse().getHeaders().set(ROUTE_HEADER, rule);
                }
                if (target != null) {
                    exchange.getResponse().getHeaders().set(TARGET_HEADER, target);
                }
                return Mono.empty();
            });
        }
        PathNormaliser.Result normalised = PathNormaliser.normalise(request.getURI().getRawPath());
        if (normalised.isRefused()) {
            this.metrics.requestCompleted("none", "none", "refused", elapsed(started));
            return Problems.write(exchange, HttpStatus.BAD_REQUEST, "Ambiguous request path: " + normalised.refusal(),
                    Map.of("path", request.getURI().getRawPath()));
        }
        // One snapshot decides the whole request, however many switches happen meanwhile. A request bound for a
        // backend is counted against its rule first; should a switch land between the decision and the count, the
        // request is decided again on the new table, so a switch to HOLD can wait for exactly the requests it missed.
        RouteTable table;
        RouteRule rule;
        do {
            table = this.routes.current();
            rule = table.match(request.getMethod(), normalised.path()).orElse(null);
        }
        while (rule != null && rule.mode() != RouteMode.HOLD && !this.routes.enter(rule.id(), table));
        Forward forward = new Forward(exchange, chain, rule, normalised.path(), request.getURI().getRawQuery(),
                started);
        if (rule == null) {
            return forward.toMonolith(exchange, "ok");
        }
        if (rule.mode() == RouteMode.HOLD) {
            return held(exchange, rule, started);
        }
        String counted = rule.id();
        Mono<Void> forwarded;
        try {
            forwarded = switch (rule.mode()) {
                case MONOLITH -> forward.toMonolith(exchange, "ok");
                case SERVICE -> forward.toService();
                case CANARY -> this.canary.toService(exchange, rule.group(), rule.percent()) ? forward.toService()
                        : forward.toMonolith(exchange, "ok");
                case SHADOW -> shouldShadow(rule, request.getMethod())
                        ? this.shadow.mirror(exchange, rule, forward.url(rule.backend()))
                            .flatMap((mirrored) -> forward.toMonolith(mirrored, "ok"))
                        : forward.toMonolith(exchange, "ok");
                case HOLD -> throw new IllegalStateException("a held rule is answered above");
            };
        }
        catch (RuntimeException ex) {
            this.routes.leave(counted);
            throw ex;
        }
        return forwarded.doFinally((signal) -> this.routes.leave(counted));
    }

    /** A rule on HOLD: no backend is called, the client is told to come back in a moment. */
    private Mono<Void> held(ServerWebExchange exchange, RouteRule rule, long started) {
        exchange.getAttributes().put(RULE_ATTR, rule.id());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        this.metrics.requestCompleted(rule.id(), "none", "held", elapsed(started));
        return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "The endpoint is paused for a cutover: rule '"
                + rule.id() + "' is on HOLD while the data sync switches direction, and no backend was called; "
                + "retry in a moment", Map.of("rule", rule.id(), "held", true));
    }

    private static boolean shouldShadow(RouteRule rule, HttpMethod method) {
        return isSafe(method) || rule.shadow().allowWrites();
    }

    static boolean isSafe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Whether the answer the exchange holds is a failure: none at all, or a 5xx. */
    private static boolean failed(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null || status.is5xxServerError();
    }

    private static String statusOutcome(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status == null || status.value() < 400) {
            return "ok";
        }
        return status.is4xxClientError() ? "client_error" : "server_error";
    }

    /** One request's forwarding, holding what every step needs. */
    private final class Forward {

        private final ServerWebExchange original;

        private final GatewayFilterChain chain;

        private final String ruleId;

        private final @Nullable RouteRule rule;

        private final String path;

        private final @Nullable String rawQuery;

        private final long started;

        Forward(ServerWebExchange original, GatewayFilterChain chain, @Nullable RouteRule rule, String path,
                @Nullable String rawQuery,
                long started) {
            this.original = original;
            this.chain = chain;
            this.rule = rule;
            this.ruleId = (rule != null) ? rule.id() : DEFAULT_ROUTE;
            this.path = path;
            this.rawQuery = rawQuery;
            this.started = started;
        }

        URI url(String backend) {
            return StranglerRoutingFilter.this.backends.resolve(backend, this.path, this.rawQuery);
        }

        private void target(ServerWebExchange exchange, String backend) {
            exchange.getAttributes().put(RULE_ATTR, this.ruleId);
            exchange.getAttributes().put(TARGET_ATTR, backend);
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, url(backend));
        }

        Mono<Void> toMonolith(ServerWebExchange exchange, String outcomeWhenOk) {
            target(exchange, RouteTable.MONOLITH);
            return this.chain.filter(exchange)
                .doOnSuccess((done) -> completed(exchange, RouteTable.MONOLITH,
                        "ok".equals(statusOutcome(exchange)) ? outcomeWhenOk : statusOutcome(exchange)))
                .onErrorResume((ex) -> !exchange.getResponse().isCommitted(),
                        (ex) -> backendUnreachable(exchange, RouteTable.MONOLITH, ex));
        }

        Mono<Void> toService() {
            RouteRule serviceRule = Objects.requireNonNull(this.rule, "only a matched rule names a service");
            String service = serviceRule.backend();
            ServerWebExchange exchange = this.original;
            target(exchange, service);
            return this.chain.filter(exchange)
                .then(Mono.fromSupplier(() -> failureOf(exchange)))
                .onErrorResume((ex) -> !exchange.getResponse().isCommitted(), (ex) -> Mono.just(describe(ex)))
                .defaultIfEmpty("")
                .flatMap((failure) -> {
                    if (failure.isEmpty()) {
                        StranglerRoutingFilter.this.outcomes.serviceAnswered(serviceRule,
                                ServiceOutcomes.Outcome.ANSWERED);
                        completed(exchange, service, statusOutcome(exchange));
                        return Mono.empty();
                    }
                    return serviceFailed(exchange, serviceRule, failure);
                });
        }

        private String failureOf(ServerWebExchange exchange) {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            return (status != null && status.is5xxServerError()) ? "status_" + status.value() : "";
        }

        private Mono<Void> serviceFailed(ServerWebExchange exchange, RouteRule serviceRule, String failure) {
            String service = serviceRule.backend();
            discardServiceResponse(exchange);
            HttpMethod method = exchange.getRequest().getMethod();
            if (isSafe(method)) {
                StranglerRoutingFilter.this.metrics.fellBack(this.ruleId, reason(failure));
                if (logger.isDebugEnabled()) {
                    TraceOnLogLine.log(exchange, () -> logger.debug(
                            "Service {} failed ({}) for rule {}; answering from the monolith", service, failure,
                            this.ruleId));
                }
                // The fallback asks the monolith the very same request: if it fails too, the request (not the
                // service) is at fault, and the guard must not count it against the service.
                return toMonolith(exchange, "fallback").doOnTerminate(() -> StranglerRoutingFilter.this.outcomes
                    .serviceAnswered(serviceRule, failed(exchange) ? ServiceOutcomes.Outcome.FAILED_LIKE_MONOLITH
                            : ServiceOutcomes.Outcome.FAILED));
            }
            StranglerRoutingFilter.this.outcomes.serviceAnswered(serviceRule, ServiceOutcomes.Outcome.FAILED);
            // A write may or may not have happened on the service: replaying it on the monolith could apply it
            // twice, so the client is told plainly instead.
            exchange.getAttributes().put(TARGET_ATTR, service);
            completed(exchange, service, "unavailable");
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                    "The service '" + service + "' failed (" + failure + "); the " + method.name()
                            + " was not replayed on the monolith and may or may not have been applied",
                    Map.of("rule", this.ruleId, "backend", service));
        }

        private Mono<Void> backendUnreachable(ServerWebExchange exchange, String backend, Throwable ex) {
            boolean timeout = isTimeout(ex);
            completed(exchange, backend, "error");
            return Problems.write(exchange, timeout ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY,
                    "The backend '" + backend + "' " + (timeout ? "did not answer in time" : "could not be reached"),
                    Map.of("rule", this.ruleId, "backend", backend));
        }

        private void completed(ServerWebExchange exchange, String target, String outcome) {
            StranglerRoutingFilter.this.metrics.requestCompleted(this.ruleId, target, outcome, elapsed(this.started));
            StranglerRoutingFilter.this.traffic.record(this.ruleId, answeredBy(target, outcome));
        }

        /** Whoever answered, in the terms of the decommission proof: every way the monolith still serves counts. */
        private TrafficHistory.Backend answeredBy(String target, String outcome) {
            if (!RouteTable.MONOLITH.equals(target)) {
                return TrafficHistory.Backend.SERVICE;
            }
            if ("fallback".equals(outcome)) {
                return TrafficHistory.Backend.FALLBACK;
            }
            return (this.rule != null && this.rule.mode() == RouteMode.SHADOW) ? TrafficHistory.Backend.SHADOW
                    : TrafficHistory.Backend.MONOLITH;
        }

    }

    /** Releases the failed service response so the monolith's answer can take its place. */
    private static void discardServiceResponse(ServerWebExchange exchange) {
        Connection connection = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
        if (connection != null) {
            // Closed rather than returned to the pool: the unread body would otherwise poison the next request.
            connection.channel().close();
        }
        ServerWebExchangeUtils.reset(exchange);
    }

    private static boolean isTimeout(Throwable ex) {
        return (ex instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504)
                || ex instanceof java.util.concurrent.TimeoutException;
    }

    private static String describe(Throwable ex) {
        return isTimeout(ex) ? "timeout" : "unreachable";
    }

    private static String reason(String failure) {
        return failure.startsWith("status_") ? "status" : failure;
    }

}
