package dev.strangler.proxy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.strangler.testsupport.launch.MainRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

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

    @Test
    void refusesToStartWithoutARulesFileAndSaysHowToMakeOne() {
        // No STRANGLER_RULES: the proxy must not fall back on the sample shop's rules (or any other).
        assertThatException()
            .isThrownBy(() -> new SpringApplicationBuilder(StranglerProxyApplication.class).run("--server.port=0",
                    "--strangler.proxy.admin.port=0", "--strangler.home=" + this.home,
                    "--strangler.proxy.admin.token=test-admin-token-0123456789-abcdefgh"))
            .satisfies((ex) -> assertThat(rootCause(ex).getMessage()).contains("strangler.proxy.backends",
                    "no rules file", "strangler init", "STRANGLER_RULES=file:"));
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
