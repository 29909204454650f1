package dev.strangler.proxy.forwarding;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends the request's trace on to the backend that answers it: the proxy's server span, in the configured
 * propagation's headers ({@code traceparent}), so that the backend's spans are children of the proxy's. A client's
 * own {@code traceparent} is replaced by it (the server span continues the client's trace); without tracing,
 * headers go as they came.
 *
 * <p>Spring Cloud Gateway can do this itself, by observing every backend call (a client span, a timer and a
 * long-task timer per request). That observation was most of the proxy's CPU gap to a bare gateway (about a third
 * of its CPU per request; bench/reports/2026-12-07T0110Z-proxy-bisect-loaded.md), so the proxy switches it off
 * ({@code spring.cloud.gateway.server.webflux.observability.enabled: false} in its application.yaml). Switched back
 * on, the gateway writes the header itself and this filter is not registered.
 */
@Component
@ConditionalOnProperty(name = "spring.cloud.gateway.server.webflux.observability.enabled", havingValue = "false")
class TraceContextHeaders implements HttpHeadersFilter, Ordered {

    private final ObjectProvider<Propagator> propagator;

    TraceContextHeaders(ObjectProvider<Propagator> propagator) {
        this.propagator = propagator;
    }

    /**
     * Last, after the gateway's RemoveHopByHopHeadersFilter (and {@link ForwardedHeadersPolicy}): both drop what a
     * request declares hop-by-hop in {@code Connection}, a client's {@code traceparent} too, and the trace context
     * is this hop's own to write.
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Span span = serverSpan(exchange);
        Propagator headers = this.propagator.getIfAvailable();
        if (span == null || headers == null) {
            return input;
        }
        HttpHeaders updated = new HttpHeaders();
        input.forEach(updated::addAll);
        headers.inject(span.context(), updated, (carrier, name, value) -> {
            if (carrier != null) {
                carrier.set(name, value);
            }
        });
        return updated;
    }

    private static @Nullable Span serverSpan(ServerWebExchange exchange) {
        Observation.Context server = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .orElse(null);
        TracingObservationHandler.TracingContext tracing = (server != null)
                ? server.get(TracingObservationHandler.TracingContext.class) : null;
        return (tracing != null) ? tracing.getSpan() : null;
    }
}
