package dev.strangler.proxy;

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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar strangler-proxy.jar --help}, run as the jar runs it: through {@code main}. */
class StranglerProxyApplicationTests {

    @TempDir
    Path home;

    @Test
    void printsUsageForHelpAndStartsNothing() throws Exception {
        int port = freePort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            StranglerProxyApplication.main(new String[] {"--help", "--server.port=" + port, "--strangler.home=" + home,
                "--strangler.proxy.admin.port=0"});
        }
        finally {
            System.setOut(console);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar strangler-proxy.jar",
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
