package dev.strangler.proxy.routing;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import dev.strangler.support.admin.Problem;
import dev.strangler.support.admin.webflux.WebFluxAdmin;

/**
 * Writes RFC 9457 {@code application/problem+json} documents, the one error format of the kit (built by the kit's
 * {@link Problem}).
 */
public final class Problems {

    private Problems() {
    }

    public static Map<String, Object> document(HttpStatus status, String detail, Map<String, ?> extensions) {
        return new Problem(status.value(), detail, extensions).document();
    }

    public static byte[] bytes(HttpStatus status, String detail, Map<String, ?> extensions) {
        return new Problem(status.value(), detail, extensions).json();
    }

    /** Answers the exchange with a problem document; the response must not be committed yet. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail,
            Map<String, ?> extensions) {
        return WebFluxAdmin.write(exchange, new Problem(status.value(), detail, extensions));
    }

}
