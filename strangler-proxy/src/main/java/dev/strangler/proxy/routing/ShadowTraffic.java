package dev.strangler.proxy.routing;

import java.net.URI;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Sends a copy of a request to a rule's service off the client's path and compares the answers.
 */
public interface ShadowTraffic {

    /**
     * Forwards the request to the monolith through {@code primary} and, once the monolith's answer has gone to the
     * client, sends the copy; never waits for the service.
     * @param exchange the client's exchange
     * @param rule the matched rule, in SHADOW mode
     * @param serviceUrl where the copy goes (normalised path and query included)
     * @param primary forwards an exchange (the client's, possibly with its request body buffered for the copy) to
     *        the monolith
     * @return the primary request's completion, which is the client's answer and nothing of the copy
     */
    Mono<Void> mirror(ServerWebExchange exchange, RouteRule rule, URI serviceUrl,
            Function<ServerWebExchange, Mono<Void>> primary);

}
