package dev.strangler.proxy.routing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes RFC 9457 {@code application/problem+json} documents, the one error format of the kit.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static Map<String, Object> document(HttpStatus status, String detail, Map<String, ?> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.putAll(extensions);
        return problem;
    }

    public static byte[] bytes(HttpStatus status, String detail, Map<String, ?> extensions) {
        return JSON.writeValueAsString(document(status, detail, extensions)).getBytes(StandardCharsets.UTF_8);
    }

    /** Answers the exchange with a problem document; the response must not be committed yet. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail,
            Map<String, ?> extensions) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = bytes(status, detail, extensions);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

}
