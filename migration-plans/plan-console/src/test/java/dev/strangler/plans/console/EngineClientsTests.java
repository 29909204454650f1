package dev.strangler.plans.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.runner.AdminApiStub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engines' tokens as a pod gives them (settings from its Secrets) or as the engines' token files hold them.
 */
class EngineClientsTests {

    @TempDir
    Path home;

    @Test
    void usesTheEnginesTokensWhenGivenAndNeedsNoTokenFileThen() throws Exception {
        try (AdminApiStub engines = new AdminApiStub("customers-read")) {
            EngineClients clients = new EngineClients(new ConsoleSettings(home, home, engines.url(), engines.url(),
                    null, "secret", "secret"));

            assertThat(clients.proxy().get("/admin/routes").get(0).path("id").asString()).isEqualTo("customers-read");
            assertThat(clients.sync().get("/pipelines").get(0).path("name").asString()).isEqualTo("customers");
        }
    }

    @Test
    void readsTheEnginesTokenFilesWhenNoTokenIsGivenAndSaysWhereWhenThereIsNone() throws Exception {
        try (AdminApiStub engines = new AdminApiStub("customers-read")) {
            Files.createDirectories(home.resolve("proxy"));
            Files.writeString(home.resolve("proxy").resolve("admin-token"), "secret");
            EngineClients clients = new EngineClients(new ConsoleSettings(home, home, engines.url(), engines.url(),
                    null, null, " "));

            assertThat(clients.proxy().get("/admin/routes")).hasSize(1);
            assertThatThrownBy(clients::sync).isInstanceOf(AdminClient.AdminException.class)
                    .hasMessageContaining("No cdc-sync admin token").hasMessageContaining("cdc-sync");
        }
    }
}
