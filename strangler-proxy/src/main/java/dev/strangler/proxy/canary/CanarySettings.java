package dev.strangler.proxy.canary;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which part of a request identifies the caller for the canary split.
 *
 * @param key {@code header:<name>}, {@code cookie:<name>} or {@code client-address}; a request without the header or
 * cookie is keyed by its client address
 */
@ConfigurationProperties("strangler.proxy.canary")
record CanarySettings(@DefaultValue("header:X-User-Id") String key) {

    private static final Pattern FORM = Pattern.compile("(header|cookie):[A-Za-z0-9!#$%&'*+.^_`|~-]+|client-address");

    CanarySettings {
        if (!FORM.matcher(key).matches()) {
            throw new IllegalArgumentException("strangler.proxy.canary.key: must be header:<name>, cookie:<name> or "
                    + "client-address, was '" + key + "'");
        }
    }

}
