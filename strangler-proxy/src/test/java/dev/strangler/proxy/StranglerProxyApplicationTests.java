package dev.strangler.proxy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.strangler.testsupport.launch.MainRun;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar strangler-proxy.jar --help}, run as the jar runs it: through {@code main}. */
class StranglerProxyApplicationTests {

    @TempDir
    Path home;

    @Test
    void printsUsageForHelpAndStartsNothing() throws Exception {
        MainRun run = MainRun.of(StranglerProxyApplication::main, (port) -> new String[] { "--help",
                "--server.port=" + port, "--strangler.home=" + this.home, "--strangler.proxy.admin.port=0" });

        assertThat(run.printed()).contains("Usage: java -jar strangler-proxy.jar", "STRANGLER_ADMIN_TOKEN",
                "STRANGLER_HOME", "README.md");
        assertThat(run.listening()).as("something listens on port %d", run.port()).isFalse();
    }

}
