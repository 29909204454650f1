package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to reach the proxy's admin API. */
final class ProxyOptions {

    @Mixin
    StackOptions stack;

    @Option(names = "--proxy-admin", paramLabel = "URL",
            description = "The proxy's admin API (default: the stack file's engines.proxy.admin-port on 127.0.0.1, plus "
                    + "the port offset).")
    @Nullable URI adminUrl;

    /** A client of the proxy's admin API with the proxy's own token (and no other engine's). */
    AdminClient client() {
        Path home = stack.home();
        String token = new AdminTokens(home).of(Path.of("proxy/admin-token"))
                .orElseThrow(() -> new AdminClient.AdminException(401, "No proxy admin token: set "
                        + "STRANGLER_ADMIN_TOKEN or start the proxy (strangler up), which writes one to "
                        + home.resolve("proxy/admin-token")));
        return new AdminClient(adminUrl != null ? adminUrl : stack.layout().proxyAdminUrl(), token);
    }
}
