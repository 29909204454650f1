package dev.strangler.proxy.forwarding;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.strangler.proxy.OutboundHeaders;

/**
 * Writes Forwarded and X-Forwarded-* on every request to a backend, first among the {@link OutboundHeaders}. Inbound
 * values are kept only when the TCP peer is a trusted proxy; from anyone else they are a claim the client made up, so
 * they are replaced. What the client names hop-by-hop in {@code Connection} (RFC 9110 §7.6.1) the gateway's
 * hop-by-hop removal has dropped before this runs; the headers written here are the proxy's own.
 * <p>
 * Runs after the gateway's own Remove(X)ForwardedHeadersFilter, which strip inbound forwarded headers because
 * {@code spring.cloud.gateway.server.webflux.trusted-proxies} is deliberately left unset: trust is decided here.
 */
@Component
class ForwardedHeadersPolicy implements OutboundHeaders.Writer {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    private static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private static final String X_FORWARDED_PORT = "X-Forwarded-Port";

    private static final String FORWARDED = "Forwarded";

    private final ClientAddresses clientAddresses;

    ForwardedHeadersPolicy(ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public void write(HttpHeaders updated, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders inbound = request.getHeaders();
        boolean trusted = this.clientAddresses.peerIsTrusted(exchange);
        String peer = ClientAddresses.peerAddress(exchange);
        String proto = request.getURI().getScheme();
        String host = inbound.getFirst(HttpHeaders.HOST);
        int port = request.getURI().getPort();

        String forwardedFor = trusted ? String.join(", ", inbound.getValuesAsList(X_FORWARDED_FOR)) : "";
        updated.set(X_FORWARDED_FOR, forwardedFor.isEmpty() ? peer : forwardedFor + ", " + peer);
        updated.set(X_FORWARDED_PROTO, firstTrusted(trusted, inbound, X_FORWARDED_PROTO, proto));
        if (host != null) {
            updated.set(X_FORWARDED_HOST, firstTrusted(trusted, inbound, X_FORWARDED_HOST, host));
        }
        if (port > 0) {
            updated.set(X_FORWARDED_PORT, firstTrusted(trusted, inbound, X_FORWARDED_PORT, String.valueOf(port)));
        }
        String element = "for=" + quoted(peer) + ";proto=" + proto + ((host != null) ? ";host=" + quoted(host) : "");
        String inboundForwarded = trusted ? String.join(", ", inbound.getValuesAsList(FORWARDED)) : "";
        updated.set(FORWARDED, inboundForwarded.isEmpty() ? element : inboundForwarded + ", " + element);
    }

    private static String firstTrusted(boolean trusted, HttpHeaders inbound, String name, String own) {
        String value = trusted ? inbound.getFirst(name) : null;
        return (value != null) ? value : own;
    }

    // IPv6 addresses and host:port contain ':', which must be quoted in Forwarded (RFC 7239 section 6).
    private static String quoted(String value) {
        if (!value.contains(":")) {
            return value;
        }
        long colons = value.chars().filter((c) -> c == ':').count();
        String bracketed = (colons > 1 && !value.startsWith("[")) ? "[" + value + "]" : value;
        return "\"" + bracketed + "\"";
    }

}
