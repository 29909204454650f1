package dev.strangler.proxy.canary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.http.HttpCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.strangler.proxy.forwarding.ClientAddresses;

/**
 * Decides which side of a canary a caller is on. The bucket is a hash of the caller key and the rule's group, not
 * the rule id, so a caller lands on the same side for every rule of a group: whoever wrote through the service
 * also reads from it. Buckets are stable as the percentage grows, so raising it only moves callers to the service.
 * The key only chooses between the rule's own two backends; it can never name another one.
 */
@Component
public class CanarySplit {

    private final CanarySettings settings;

    private final ClientAddresses clientAddresses;

    CanarySplit(CanarySettings settings, ClientAddresses clientAddresses) {
        this.settings = settings;
        this.clientAddresses = clientAddresses;
    }

    /** Whether this request's caller is in the service's share of the group. */
    public boolean toService(ServerWebExchange exchange, String group, int percent) {
        return bucket(callerKey(exchange), group) < percent;
    }

    String callerKey(ServerWebExchange exchange) {
        String key = this.settings.key();
        String value = null;
        if (key.startsWith("header:")) {
            value = exchange.getRequest().getHeaders().getFirst(key.substring("header:".length()));
        }
        else if (key.startsWith("cookie:")) {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(key.substring("cookie:".length()));
            value = (cookie != null) ? cookie.getValue() : null;
        }
        return (value != null && !value.isBlank()) ? value : "addr:" + this.clientAddresses.clientAddress(exchange);
    }

    /** A bucket in 0..99 that depends only on the caller key and the group. */
    static int bucket(String callerKey, String group) {
        // The separator keeps ("ab","c") and ("a","bc") apart. digest() resets the thread's instance for reuse.
        byte[] digest = SHA_256.get().digest((group + "\u0000" + callerKey).getBytes(StandardCharsets.UTF_8));
        long value = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong() & Long.MAX_VALUE;
        return (int) (value % 100);
    }

    /** One digest per thread (event loops are few and long-lived): looking up the provider per request costs more. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
        }
    });

}
