package dev.strangler.plans.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which token a client sends to an engine: that engine's own, never one the shell sets for every engine. */
class AdminTokensTests {

    @TempDir
    Path home;

    @Test
    void sendsTheProxyItsOwnTokenFileWhenTheShellSetsTheGenericToken() throws Exception {
        Files.createDirectories(home.resolve("proxy"));
        Files.writeString(home.resolve("proxy/admin-token"), "the-proxys-own-token");
        AdminTokens tokens = new AdminTokens(home, Map.of("STRANGLER_ADMIN_TOKEN", "a-token-for-every-engine")::get);

        assertThat(tokens.of(AdminTokens.Engine.PROXY)).contains("the-proxys-own-token");
    }

    @Test
    void takesTheEnginesOwnVariableBeforeItsFileAndNamesThatVariableWhenThereIsNeither() throws Exception {
        Files.createDirectories(home.resolve("proxy"));
        Files.writeString(home.resolve("proxy/admin-token"), "the-proxys-file-token");
        AdminTokens tokens = new AdminTokens(home, Map.of("STRANGLER_PROXY_ADMIN_TOKEN", " the-proxys-variable ",
                "STRANGLER_ADMIN_TOKEN", "a-token-for-every-engine")::get);

        assertThat(tokens.require(AdminTokens.Engine.PROXY)).isEqualTo("the-proxys-variable");
        assertThatThrownBy(() -> tokens.require(AdminTokens.Engine.SYNC)).isInstanceOf(AdminClient.AdminException.class)
                .hasMessage("No cdc-sync admin token: set STRANGLER_SYNC_ADMIN_TOKEN or start cdc-sync (strangler up), "
                        + "which writes one to " + home.resolve("cdc-sync/admin-token"));
    }
}
