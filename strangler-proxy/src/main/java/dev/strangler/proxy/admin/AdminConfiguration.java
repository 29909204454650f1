package dev.strangler.proxy.admin;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.WebFilter;

import dev.strangler.proxy.audit.AuditLog;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.routing.Problems;
import dev.strangler.proxy.routing.Routes;
import dev.strangler.proxy.shadow.ShadowReports;
import dev.strangler.proxy.state.ProxyHome;
import dev.strangler.proxy.state.RouteSwitchboard;

/**
 * Builds the admin API as its own handler chain (bearer-token filter, then the endpoints) on its own server.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    AdminServer adminServer(AdminSettings settings, ProxyHome home, Routes routes, RouteSwitchboard switchboard,
            AuditLog audit, ShadowReports shadow, ProxyMetrics metrics, JsonMapper json) {
        AdminToken token = AdminToken.resolve(settings, home);
        AdminApi api = new AdminApi(routes, switchboard, audit, shadow, metrics, json, switchExecutor());
        HandlerStrategies strategies = HandlerStrategies.builder().webFilter(bearerToken(token)).build();
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

    static WebFilter bearerToken(AdminToken token) {
        return (exchange, chain) -> {
            String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && token.matches(authorization.substring(7).trim())) {
                return chain.filter(exchange);
            }
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"strangler-proxy\"");
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            byte[] body = Problems.bytes(HttpStatus.UNAUTHORIZED,
                    "A valid admin token is required: Authorization: Bearer <token>", Map.of());
            DataBuffer buffer = response.bufferFactory().wrap(body);
            return response.writeWith(Mono.just(buffer));
        };
    }

}
