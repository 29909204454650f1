package dev.strangler.plans.console;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Clients of the engines' admin APIs as the console reaches them: with the engine's token as given
 * ({@code strangler.console.proxy-admin-token}, {@code sync-admin-token}: a pod's Secrets), else as any client finds
 * it ({@link AdminTokens}: the engine's own variable, else its token file as it is now, read at each call, so an engine
 * restarted with a new token is found). Never with the console's own token ({@code STRANGLER_ADMIN_TOKEN} here).
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
        return client(AdminTokens.Engine.PROXY, settings.proxyAdminUrl(), settings.proxyAdminToken());
    }

    /** cdc-sync's admin API; {@link AdminClient.AdminException} 401 when there is no token to reach it with. */
    public AdminClient sync() {
        return client(AdminTokens.Engine.SYNC, settings.syncAdminUrl(), settings.syncAdminToken());
    }

    private AdminClient client(AdminTokens.Engine engine, URI url, @Nullable String given) {
        return new AdminClient(url, given != null && !given.isBlank() ? given.strip() : tokens.require(engine));
    }
}
