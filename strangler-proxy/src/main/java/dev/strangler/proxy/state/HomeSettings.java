package dev.strangler.proxy.state;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the kit keeps its files.
 *
 * @param home {@code $STRANGLER_HOME}, {@code ~/.strangler} by default; the proxy uses its {@code proxy/} folder
 */
@ConfigurationProperties("strangler")
record HomeSettings(Path home) {

    HomeSettings {
        if (home == null) {
            throw new IllegalArgumentException("strangler.home: must be set (STRANGLER_HOME or ~/.strangler)");
        }
    }

}
