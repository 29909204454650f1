package dev.strangler.support.admin.webflux;

import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.Problem;
import reactor.core.publisher.Mono;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/** {@link Problem}s and the {@link AdminToken} on a WebFlux admin surface. */
public final class WebFluxAdmin {

    private WebFluxAdmin() {
    }

    /** A functional endpoint's answer with {@code problem}. */
    public static Mono<ServerResponse> response(Problem problem) {
        return ServerResponse.status(HttpStatus.valueOf(problem.status()))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyValue(problem.json());
    }

    /** Answers the exchange with {@code problem} (from a filter); the response must not be committed yet. */
    public static Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(problem.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = problem.json();
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /** Whether the request carries {@code token} as {@code Authorization: Bearer <token>}. */
    public static boolean authorized(ServerHttpRequest request, AdminToken token) {
        return token.matchesBearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    /** Whether reading a body failed because it passed the codecs' in-memory limit (a chunked body too large). */
    public static boolean overTheBodyLimit(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }
}
