package dev.strangler.proxy.tracing;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import dev.strangler.proxy.OutboundHeaders;

/**
 * Writes the request's trace on every call to a backend (the one that answers, a fallback, a shadow copy) as a
 * {@code traceparent} naming a new span of that call as parent. Written by {@link OutboundHeaders}, after the
 * gateway's hop-by-hop removal: trace context is the proxy's own, so a client naming {@code traceparent} in
 * {@code Connection} does not drop it.
 */
final class TraceparentHeaders implements OutboundHeaders.Writer {

    @Override
    public void write(HttpHeaders headers, ServerWebExchange exchange) {
        @Nullable RequestTrace trace = exchange.getAttribute(RequestTrace.ATTRIBUTE);
        if (trace == null) {
            return;
        }
        headers.set(TraceParent.HEADER, trace.span().child().header());
        if (!trace.continued()) {
            // The client's tracestate belongs to a trace this request does not continue (Trace Context 3.3).
            headers.remove(TraceParent.STATE_HEADER);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
