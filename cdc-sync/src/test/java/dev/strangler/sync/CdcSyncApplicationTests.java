package dev.strangler.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.launch.MainRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar cdc-sync.jar --help}, run as the jar runs it: through {@code main}. */
class CdcSyncApplicationTests {

    @TempDir
    Path home;

    @Test
    void printsUsageForHelpAndStartsNothing() throws Exception {
        MainRun run = MainRun.of(CdcSyncApplication::main, port -> new String[] {"--help", "--server.port=" + port,
                "--strangler.home=" + home, "--strangler.sync.pipelines=classpath*:no-pipelines/*.yaml"});

        assertThat(run.printed()).contains("Usage: java -jar cdc-sync.jar", "STRANGLER_ADMIN_TOKEN", "STRANGLER_HOME",
                "README.md");
        assertThat(run.listening()).as("something listens on port %d", run.port()).isFalse();
    }
}
