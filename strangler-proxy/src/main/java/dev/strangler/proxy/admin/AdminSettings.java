package dev.strangler.proxy.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.strangler.support.admin.AdminToken;

/**
 * Where the admin API listens and how callers prove who they are.
 *
 * @param address interface to bind; loopback by default so the API is closed to the network
 * @param port admin port, separate from the traffic port ({@code 0} picks a free one)
 * @param token bearer token ({@code STRANGLER_ADMIN_TOKEN}); when empty one is generated and written to
 * {@code $STRANGLER_HOME/proxy/admin-token}
 * @param holdTimeout how long a switch to HOLD waits for the rule's requests in flight to finish before it answers
 * that some still are (the rule stays on HOLD either way)
 */
@ConfigurationProperties("strangler.proxy.admin")
record AdminSettings(@DefaultValue("127.0.0.1") String address, @DefaultValue("8001") int port,
        @DefaultValue("") String token, @DefaultValue("30s") Duration holdTimeout) {

    /** Where a configured token comes from, as named in errors and the log. */
    static final String TOKEN_SETTING = "strangler.proxy.admin.token (STRANGLER_ADMIN_TOKEN)";

    AdminSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("strangler.proxy.admin.port: must be between 0 and 65535, was " + port);
        }
        try {
            InetAddress.getByName(address);
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException("strangler.proxy.admin.address: unknown address '" + address + "'");
        }
        if (holdTimeout.isNegative() || holdTimeout.isZero()) {
            throw new IllegalArgumentException("strangler.proxy.admin.hold-timeout: must be positive, was "
                    + holdTimeout);
        }
        if (!token.isEmpty()) {
            AdminToken.configured(token, TOKEN_SETTING);
        }
    }

}
