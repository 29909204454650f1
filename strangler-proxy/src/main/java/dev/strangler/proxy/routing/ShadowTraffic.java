package dev.strangler.proxy.routing;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Sends a copy of a request to a rule's service off the client's path and compares the answers.
 */
public interface ShadowTraffic {

    /**
     * Starts the copy and returns the exchange to forward to the monolith; never waits for the service.
     * @param exchange the client's exchange
     * @param rule the matched rule, in SHADOW mode
     * @param serviceUrl where the copy goes (normalised path and query included)
     * @return the exchange the monolith answers, possibly with its request body buffered for the copy
     */
    Mono<ServerWebExchange> mirror(ServerWebExchange exchange, RouteRule rule, URI serviceUrl);

}
