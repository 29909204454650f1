package dev.strangler.plans.cli;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import java.net.URI;
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
        String token = new AdminTokens(stack.home()).require(AdminTokens.Engine.PROXY);
        return new AdminClient(adminUrl != null ? adminUrl : stack.layout().proxyAdminUrl(), token);
    }
}
