package dev.strangler.proxy.forwarding;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the client's address: the TCP peer, unless the peer is a trusted proxy, in which case the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are the client's own claims).
 */
@Component
public class ClientAddresses {

    private final List<AddressBlock> trusted;

    ClientAddresses(ForwardingSettings settings) {
        this.trusted = settings.trustedProxies().stream().map(AddressBlock::parse).toList();
    }

    public String clientAddress(ServerWebExchange exchange) {
        String peer = peerAddress(exchange);
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> chain = forwardedFor(exchange);
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!isTrusted(chain.get(i))) {
                return chain.get(i);
            }
        }
        return peer;
    }

    /** Whether the TCP peer of this exchange may tell us who the client is. */
    public boolean peerIsTrusted(ServerWebExchange exchange) {
        return isTrusted(peerAddress(exchange));
    }

    static String peerAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    boolean isTrusted(@Nullable String address) {
        if (address == null || this.trusted.isEmpty()) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = AddressBlock.literal(address.trim());
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        return this.trusted.stream().anyMatch((block) -> block.contains(bytes));
    }

    private static List<String> forwardedFor(ServerWebExchange exchange) {
        List<String> entries = new ArrayList<>();
        for (String header : exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For")) {
            entries.add(header.trim());
        }
        return entries;
    }

}
