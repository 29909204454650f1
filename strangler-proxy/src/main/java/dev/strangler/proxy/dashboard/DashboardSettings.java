package dev.strangler.proxy.dashboard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dashboard signs people in and where it reads the sync status and the migration plans from.
 *
 * @param sessionTimeout how long a dashboard sign-in lasts (absolute, from sign-in)
 * @param cdcSync cdc-sync's admin API, read server-side with cdc-sync's own token
 * @param plans the plan admin API, read and called server-side with its own token
 */
@ConfigurationProperties("strangler.proxy.dashboard")
record DashboardSettings(@DefaultValue("8h") Duration sessionTimeout, @DefaultValue CdcSync cdcSync,
        @DefaultValue Plans plans) {

    DashboardSettings {
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || sessionTimeout.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "strangler.proxy.dashboard.session-timeout: must be more than 0 and at most 7d, was " + sessionTimeout);
        }
    }

    /**
     * cdc-sync's admin API as the dashboard reads it.
     *
     * @param url base URL of cdc-sync's admin API
     * @param token cdc-sync's bearer token ({@code STRANGLER_ADMIN_TOKEN}); when empty it is read from
     * {@code tokenFile} at every call, so a cdc-sync started after the proxy is picked up
     * @param tokenFile the file cdc-sync writes its generated token to
     * @param timeout how long one status call may take before cdc-sync counts as unreachable
     */
    record CdcSync(@DefaultValue("http://127.0.0.1:8090") URI url, @DefaultValue("") String token,
            @DefaultValue("") String tokenFile, @DefaultValue("2s") Duration timeout) {

        CdcSync {
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "strangler.proxy.dashboard.cdc-sync.url: must be an absolute http(s) URL, was '" + url + "'");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "strangler.proxy.dashboard.cdc-sync.timeout: must be positive, was " + timeout);
            }
        }

        /** The configured token file, else the one cdc-sync generates under the kit's home. */
        Path tokenPath(Path stranglerHome) {
            return this.tokenFile.isBlank() ? stranglerHome.resolve("cdc-sync").resolve("admin-token")
                    : Path.of(this.tokenFile);
        }

    }

    /**
     * The plan admin API ({@code strangler plan serve}) as the dashboard calls it.
     *
     * @param url base URL of the plan API; when absent the dashboard says that plans are not connected
     * @param token the plan API's bearer token ({@code STRANGLER_ADMIN_TOKEN}); when empty it is read from
     * {@code tokenFile} at every call
     * @param tokenFile the file the plan API writes its generated token to
     * @param timeout how long reading the plans may take (their gates are decided on live figures, the verifier
     * included)
     * @param moveTimeout how long an advance or rollback may take (a sync direction switch drains first)
     */
    record Plans(@Nullable URI url, @DefaultValue("") String token, @DefaultValue("") String tokenFile,
            @DefaultValue("30s") Duration timeout, @DefaultValue("3m") Duration moveTimeout) {

        Plans {
            if (url != null && (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                    || url.getHost() == null)) {
                throw new IllegalArgumentException(
                        "strangler.proxy.dashboard.plans.url: must be an absolute http(s) URL, was '" + url + "'");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "strangler.proxy.dashboard.plans.timeout: must be positive, was " + timeout);
            }
            if (moveTimeout.isNegative() || moveTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "strangler.proxy.dashboard.plans.move-timeout: must be positive, was " + moveTimeout);
            }
        }

        /** The configured token file, else the one the plan API generates under the kit's home. */
        Path tokenPath(Path stranglerHome) {
            return this.tokenFile.isBlank() ? stranglerHome.resolve("plans").resolve("admin-token")
                    : Path.of(this.tokenFile);
        }

    }

}
