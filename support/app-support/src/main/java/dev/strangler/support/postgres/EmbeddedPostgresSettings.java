package dev.strangler.support.postgres;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded PostgreSQL keeps its data and which database the app uses on it.
 *
 * @param dataDirectory kept across restarts; by default {@code $STRANGLER_HOME/<app name>/postgres}
 * @param port the port on localhost, or 0 for any free port
 * @param database the app's database, created on first start
 */
@ConfigurationProperties("strangler.embedded-postgres")
record EmbeddedPostgresSettings(Path dataDirectory, int port, String database) {

    EmbeddedPostgresSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        EmbeddedPostgresServer.requireValidName(database);
    }
}
