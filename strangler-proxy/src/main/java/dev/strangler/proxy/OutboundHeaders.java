package dev.strangler.proxy;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The proxy's one pass over the headers of every call to a backend (the one that answers, a fallback, a shadow copy):
 * one copy of the request's headers, without the forwarded headers a client sent, then one {@link Writer} per concern
 * of the proxy's own: the trusted-proxy policy's forwarded headers, the request's {@code traceparent}. A header filter
 * per concern copied and walked every header again, about 3% of the request path's CPU each (JFR profile of the
 * bench, 2026-12-07); so this pass also does the work of the gateway's filters that only copy and strip, which
 * {@link FoldedHeaderFilters} takes out of the chain: Forwarded and X-Forwarded-* are dropped whoever sent them (the
 * gateway's Remove(X)ForwardedHeadersFilter with no trusted proxies configured; whom the proxy trusts is decided by
 * its own policy, which reads them from the request as received), and a gRPC request gets {@code te: trailers}.
 * <p>
 * Runs last, after the gateway's hop-by-hop removal (which also drops what the client's {@code Connection} header
 * names): what the proxy writes is its own, and a client cannot have it dropped.
 */
@Component
public final class OutboundHeaders implements HttpHeadersFilter, Ordered {

    /** One concern's headers, written on the request's copy; writers run in {@link Ordered} order. */
    public interface Writer extends Ordered {

        void write(HttpHeaders outbound, ServerWebExchange exchange);

    }

    private static final String FORWARDED = "Forwarded";

    private static final String X_FORWARDED = "X-Forwarded-";

    private static final String GRPC = "application/grpc";

    private final List<Writer> writers;

    OutboundHeaders(ObjectProvider<Writer> writers) {
        this.writers = writers.orderedStream().toList();
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders outbound = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!isForwarded(name)) {
                outbound.addAll(name, values);
            }
        });
        String contentType = outbound.getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.regionMatches(true, 0, GRPC, 0, GRPC.length())) {
            // What the gateway's GRPCRequestHeadersFilter adds: gRPC over HTTP/2 needs it, hop-by-hop removal drops it.
            outbound.add("te", "trailers");
        }
        for (Writer writer : this.writers) {
            writer.write(outbound, exchange);
        }
        return outbound;
    }

    /** Forwarded or any X-Forwarded-* header, in any case, as the gateway's removal filters match them. */
    static boolean isForwarded(String name) {
        return name.equalsIgnoreCase(FORWARDED) || name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length());
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
