package dev.strangler.plans.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for one of the kit's apps in the stack's tests: a process whose command line reads like one started by
 * {@code up} (the home, the jar), that answers 200 on every path of its port once a "go" file exists (so a test
 * decides when it is "still starting" and when it is ready), and that can leave a file of its own once it answers (so
 * that another fake's readiness can wait on it).
 */
final class FakeComponent {

    private FakeComponent() {
    }

    /**
     * Arguments: the port to listen on (0: none), the go file ("-": listen at once), the jar it pretends to run, and
     * optionally a file it creates once it answers.
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path go = Path.of(args[1]);
        if (port == 0) {
            Thread.currentThread().join();
        }
        while (!args[1].equals("-") && !Files.exists(go)) {
            Thread.sleep(50); // a stand-in process polling a file, not a test waiting
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        if (args.length > 3) {
            Files.createFile(Path.of(args[3]));
        }
    }

    /**
     * Starts one, its command line naming {@code home} (as {@code -Dstrangler.home}, like {@code up} does) and the
     * jar it pretends to run.
     */
    static Process start(Path home, int port, String go, Path jar) {
        try {
            Path classes = Path.of(FakeComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx32m", "-Dstrangler.home=" + home, "-cp", classes.toString(), FakeComponent.class.getName(),
                    Integer.toString(port), go, jar.toString()));
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
