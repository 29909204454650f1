package dev.strangler.proxy.state;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the route state lives.
 *
 * @param store {@code file} (default: {@code $STRANGLER_HOME/proxy/route-state.json}, one replica) or
 * {@code postgres} (shared by every replica pointing at the same database)
 * @param postgres the shared database, used only with {@code store=postgres}
 */
@ConfigurationProperties("strangler.proxy.state")
record StateSettings(@DefaultValue("file") Store store, @DefaultValue Postgres postgres) {

    StateSettings {
        if (store == Store.POSTGRES) {
            if (postgres.url() == null || !postgres.url().startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("strangler.proxy.state.postgres.url: must be a jdbc:postgresql: "
                        + "URL when strangler.proxy.state.store=postgres");
            }
            if (postgres.pollInterval().compareTo(Duration.ofMillis(50)) < 0
                    || postgres.pollInterval().compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(
                        "strangler.proxy.state.postgres.poll-interval: must be from 50ms to 1m");
            }
            if (postgres.startupWait().isNegative() || postgres.startupWait().compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException(
                        "strangler.proxy.state.postgres.startup-wait: must be from 0s to 10m");
            }
        }
    }

    enum Store {

        FILE, POSTGRES

    }

    /**
     * @param url a {@code jdbc:postgresql:} URL
     * @param pollInterval how often each replica reads the table to pick up other replicas' switches
     * @param startupWait how long start-up waits for the database to accept a connection: on a cluster the proxy's
     * pods and the database start together, and a busy node takes seconds for a first connection
     */
    record Postgres(@Nullable String url, @Nullable String username, @Nullable String password,
            @DefaultValue("500ms") Duration pollInterval, @DefaultValue("60s") Duration startupWait) {

        // Settings end up in binding failure messages; the password must not.
        @Override
        public String toString() {
            return "Postgres[url=" + this.url + ", username=" + this.username + ", pollInterval=" + this.pollInterval
                    + ", startupWait=" + this.startupWait + "]";
        }

    }

}
