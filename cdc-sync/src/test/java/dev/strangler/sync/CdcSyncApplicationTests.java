package dev.strangler.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar cdc-sync.jar --help}, run as the jar runs it: through {@code main}. */
class CdcSyncApplicationTests {

    @TempDir
    Path home;

    @Test
    void printsUsageForHelpAndStartsNothing() throws Exception {
        int port = freePort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CdcSyncApplication.main(new String[] {"--help", "--server.port=" + port, "--strangler.home=" + home,
                "--strangler.sync.pipelines=classpath*:no-pipelines/*.yaml"});
        }
        finally {
            System.setOut(console);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar cdc-sync.jar",
                "STRANGLER_ADMIN_TOKEN", "STRANGLER_HOME", "README.md");
        assertThat(listening(port)).as("something listens on port %d", port).isFalse();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
