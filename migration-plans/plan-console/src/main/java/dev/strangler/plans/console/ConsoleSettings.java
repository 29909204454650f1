package dev.strangler.plans.console;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console finds what it decides on.
 *
 * @param home the state home: plan state and the plan audit log under {@code plans/}, the engines' admin tokens
 * @param plans the directory of plan files, read at every request so that a reviewed change shows at once
 * @param proxyAdminUrl the proxy's admin API
 * @param syncAdminUrl cdc-sync's admin API
 * @param monolithClasses the monolith's compiled classes for the retire gates; without them those gates are
 *        UNAVAILABLE
 * @param proxyAdminToken the proxy's admin token when it is given (a pod's Secret); else, as every client finds it,
 *        {@code STRANGLER_PROXY_ADMIN_TOKEN} or {@code proxy/admin-token} under the home at each use; never the
 *        console's own {@code STRANGLER_ADMIN_TOKEN}
 * @param syncAdminToken cdc-sync's admin token when it is given; else {@code STRANGLER_SYNC_ADMIN_TOKEN} or
 *        {@code cdc-sync/admin-token}
 */
@ConfigurationProperties("strangler.console")
public record ConsoleSettings(Path home, Path plans, URI proxyAdminUrl, URI syncAdminUrl, @Nullable Path monolithClasses,
        @Nullable String proxyAdminToken, @Nullable String syncAdminToken) {
}
