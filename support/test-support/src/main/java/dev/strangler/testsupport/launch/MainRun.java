package dev.strangler.testsupport.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Runs an app's {@code main} in this JVM with a free port for it, and tells what it printed and whether anything
 * listens on that port afterwards: {@code --help} must print usage and start nothing.
 *
 * @param printed what {@code main} wrote to {@code System.out}
 * @param port the port handed to {@code main}
 * @param listening whether something listens on {@code port} once {@code main} returned
 */
public record MainRun(String printed, int port, boolean listening) {

    /** An app's {@code main}. */
    @FunctionalInterface
    public interface Main {

        void run(String[] args) throws Exception;
    }

    /** How the arguments name the port the app would serve on. */
    @FunctionalInterface
    public interface Arguments {

        String[] withPort(int port);
    }

    /** Runs {@code main} with the arguments for a free port, capturing {@code System.out} meanwhile. */
    public static MainRun of(Main main, Arguments arguments) throws Exception {
        int port = freePort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run(arguments.withPort(port));
        }
        finally {
            System.setOut(console);
        }
        return new MainRun(out.toString(StandardCharsets.UTF_8), port, listening(port));
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
