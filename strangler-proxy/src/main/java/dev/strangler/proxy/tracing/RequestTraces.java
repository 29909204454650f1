package dev.strangler.proxy.tracing;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;


/**
 * Gives every request its {@link RequestTrace}: the client's trace continued when it sent exactly one valid
 * {@code traceparent}, a new one otherwise.
 *
 * <p>Decided around the whole HTTP handler, into the Reactor context (where {@link TraceInMdc} finds it for the
 * operators that restore thread locals). The web filter, first of all, then puts the same trace on the exchange,
 * where the backend calls' {@link TraceparentHeaders} and the proxy's own log lines ({@link TraceOnLogLine}) read it,
 * and puts it on the MDC around the chain's subscription and end ({@link TracedSignals}): the routing decision and
 * the lines logged below every web filter, the web handler's own "Completed 200 OK" included, carry it.
 */
final class RequestTraces implements HttpHandlerDecoratorFactory, WebFilter, Ordered {

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> handler.handle(request, response)
            .contextWrite((context) -> context.put(TraceInMdc.KEY, traceOf(request)));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.deferContextual((context) -> {
            @Nullable RequestTrace trace = context.getOrDefault(TraceInMdc.KEY, null);
            if (trace == null) {
                return chain.filter(exchange);
            }
            exchange.getAttributes().put(RequestTrace.ATTRIBUTE, trace);
            return new TracedSignals(chain.filter(exchange), trace);
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private static RequestTrace traceOf(ServerHttpRequest request) {
        List<String> sent = request.getHeaders().get(TraceParent.HEADER);
        @Nullable TraceParent client = (sent != null && sent.size() == 1) ? TraceParent.parse(sent.get(0)) : null;
        return (client != null) ? new RequestTrace(client.child(), true) : new RequestTrace(TraceParent.start(), false);
    }

}
