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
 * <p>Decided around the whole HTTP handler, into the Reactor context, from which {@link TraceInMdc} puts it on the
 * log lines of whichever thread the request continues on, the web handler's own "Completed 200 OK" included (that
 * one is logged outside every web filter). The web filter then puts the same trace on the exchange, where the
 * backend calls' {@link TraceparentHeaders} read it.
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
            if (trace != null) {
                exchange.getAttributes().put(RequestTrace.ATTRIBUTE, trace);
            }
            return chain.filter(exchange);
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
