package dev.strangler.plans.console;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Clients of the engines' admin APIs as the console reaches them: with the engine's token as given
 * ({@code strangler.console.proxy-admin-token}, {@code sync-admin-token}: a pod's Secrets), else as the engine's token
 * file holds it now, read at each call, so an engine restarted with a new token is found.
 */
public final class EngineClients {

    private final ConsoleSettings settings;

    private final AdminTokens tokens;

    public EngineClients(ConsoleSettings settings) {
        this.settings = settings;
        this.tokens = new AdminTokens(settings.home());
    }

    /** The proxy's admin API; {@link AdminClient.AdminException} 401 when there is no token to reach it with. */
    public AdminClient proxy() {
        return client("proxy", settings.proxyAdminUrl(), settings.proxyAdminToken());
    }

    /** cdc-sync's admin API; {@link AdminClient.AdminException} 401 when there is no token to reach it with. */
    public AdminClient sync() {
        return client("cdc-sync", settings.syncAdminUrl(), settings.syncAdminToken());
    }

    private AdminClient client(String engine, URI url, @Nullable String given) {
        if (given != null && !given.isBlank()) {
            return new AdminClient(url, given.strip());
        }
        Path file = Path.of(engine, "admin-token");
        String token = tokens.of(file).orElseThrow(() -> new AdminClient.AdminException(401, "No " + engine
                + " admin token: set " + ConsoleConfiguration.TOKEN_SETTING + " or start " + engine
                + " (strangler up), which writes one to " + tokens.location(file)));
        return new AdminClient(url, token);
    }
}
