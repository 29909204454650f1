package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code up} leaves of the shell's environment to the apps it starts: each engine only its own admin token. */
class ChildEnvironmentTests {

    @TempDir
    Path home;

    @Test
    void handsEachEngineOnlyItsOwnTokenAndPassesTheShellsGenericTokenToNoChild() {
        Map<String, String> shell = Map.of("STRANGLER_ADMIN_TOKEN", "a-token-for-every-engine",
                "STRANGLER_PROXY_ADMIN_TOKEN", "the-proxys-token", "PATH", "/usr/bin");

        Map<String, String> proxy = childEnvironment("strangler-proxy", shell);
        Map<String, String> sync = childEnvironment("cdc-sync", shell);
        Map<String, String> monolith = childEnvironment("monolith", shell);

        assertThat(proxy).containsEntry("STRANGLER_ADMIN_TOKEN", "the-proxys-token").containsEntry("PATH", "/usr/bin");
        assertThat(sync).doesNotContainKey("STRANGLER_ADMIN_TOKEN").containsEntry("PATH", "/usr/bin");
        assertThat(monolith).doesNotContainKey("STRANGLER_ADMIN_TOKEN");
    }

    private Map<String, String> childEnvironment(String name, Map<String, String> shell) {
        StackLayout layout = StackLayout.of(StackFile.read(TestStacks.SHOP), Path.of("/repo"), home, 0);
        Component component = layout.components().stream().filter(each -> each.name().equals(name)).findFirst()
                .orElseThrow();
        Map<String, String> environment = new HashMap<>(shell);
        ProcessSupervisor.handOnlyItsOwnToken(component, environment);
        return environment;
    }
}
