package dev.strangler.proxy.forwarding;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which peers may tell the proxy who the client is.
 *
 * @param trustedProxies addresses or CIDR blocks ({@code 10.0.0.0/8}) whose Forwarded / X-Forwarded-* headers are
 * believed; empty (the default) believes nobody
 */
@ConfigurationProperties("strangler.proxy.forwarding")
record ForwardingSettings(@DefaultValue List<String> trustedProxies) {

    ForwardingSettings {
        for (int i = 0; i < trustedProxies.size(); i++) {
            try {
                AddressBlock.parse(trustedProxies.get(i));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(
                        "strangler.proxy.forwarding.trusted-proxies[" + i + "]: " + ex.getMessage());
            }
        }
        trustedProxies = List.copyOf(trustedProxies);
    }

}
