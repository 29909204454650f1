package dev.strangler.proxy.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

import dev.strangler.proxy.audit.AuditLog;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.rollback.RollbackAlarms;
import dev.strangler.proxy.routing.Routes;
import dev.strangler.proxy.shadow.ShadowReports;
import dev.strangler.proxy.state.ProxyHome;
import dev.strangler.proxy.state.RouteSwitchboard;
import dev.strangler.proxy.traffic.TrafficHistory;
import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.BodyLimit;
import dev.strangler.support.admin.Problem;
import dev.strangler.support.admin.webflux.WebFluxAdmin;

/**
 * Builds the admin API as its own handler chain (access filter: bearer token; then the API's endpoints) on its own
 * server. The dashboard is the plan console's; it reads this API server-side with this token.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    /** Largest request body the admin port reads: a route change or a sign-in is a few hundred bytes. */
    static final BodyLimit BODY_LIMIT = BodyLimit.ADMIN;

    /** Largest refused body read (and dropped) before the refusal, so that the client gets to read the answer. */
    static final long DROPPED_BODY_LIMIT = 1024 * 1024;

    /** The proxy's own token file under {@code $STRANGLER_HOME/proxy}. */
    static final String TOKEN_FILE = "admin-token";

    private static final Logger logger = LoggerFactory.getLogger(AdminConfiguration.class);

    @Bean
    AdminServer adminServer(AdminSettings settings, ProxyHome home, Routes routes, RouteSwitchboard switchboard,
            AuditLog audit, ShadowReports shadow, ProxyMetrics metrics, RollbackAlarms alarms, JsonMapper json,
            TrafficHistory traffic) {
        AdminToken token = AdminToken.resolve(settings.token(), AdminSettings.TOKEN_SETTING, home.file(TOKEN_FILE))
            .reported(AdminSettings.TOKEN_SETTING, logger::info, logger::warn);
        AdminApi api = new AdminApi(routes, switchboard, audit, shadow, metrics, alarms, json, switchExecutor(),
                traffic, settings.holdTimeout());
        HandlerStrategies strategies = HandlerStrategies.builder()
            // A body without a declared length (chunked) meets the same limit while it is read.
            .codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(BODY_LIMIT.maxBytes()))
            .webFilter(access(token))
            .build();
        HttpHandler handler = RouterFunctions.toHttpHandler(api.router(), strategies);
        return new AdminServer(settings, handler);
    }

    // Switches are serialised by the switchboard anyway; one daemon thread keeps them off the event loop.
    private static Executor switchExecutor() {
        return Executors.newSingleThreadExecutor((task) -> {
            Thread thread = new Thread(task, "strangler-admin-switch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Only a valid bearer token admits. */
    static WebFilter access(AdminToken token) {
        return (exchange, chain) -> {
            // One request per connection on the admin port. A handler that answers before reading the whole
            // request body (a refusal, an unknown path) would otherwise leave that body on a kept-alive
            // connection, to be parsed as the caller's next request, which then hangs. Admin traffic is a few
            // requests a minute; a new connection each time costs nothing that matters.
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            if (BODY_LIMIT.refuses(exchange.getRequest().getHeaders().getContentLength())) {
                return dropBody(exchange.getRequest()).then(Mono.defer(() -> refuse(exchange, BODY_LIMIT.problem())));
            }
            if (WebFluxAdmin.authorized(exchange.getRequest(), token)) {
                return chain.filter(exchange);
            }
            return unauthorized(exchange);
        };
    }

    /**
     * Reads and drops a refused body of up to {@link #DROPPED_BODY_LIMIT} bytes before the answer, as Tomcat does for
     * the servlet engines up to its swallow limit. A connection closed with request bytes still unread is reset, and
     * the reset can reach the client before it has read the answer ("header parser received no bytes" instead of the
     * 413). Larger bodies are not read: answered at once, their client may see the reset.
     */
    private static Mono<Void> dropBody(ServerHttpRequest request) {
        if (request.getHeaders().getContentLength() > DROPPED_BODY_LIMIT) {
            return Mono.empty();
        }
        return request.getBody().doOnNext(DataBufferUtils::release).then();
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, AdminToken.challenge("strangler-proxy"));
        return refuse(exchange, AdminToken.unauthorized(null));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Problem problem) {
        // The refused request's body may still be arriving: reusing the connection would read it as the next
        // request, so the connection ends with this answer.
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return WebFluxAdmin.write(exchange, problem);
    }

}
