package dev.strangler.sync.cli.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code java -jar cdc-sync.jar --help}: the usage text ({@code usage.txt}: what the jar is, its main settings and
 * environment variables with their defaults, where the docs are), answered before Spring starts, so that asking for
 * help never binds a port or starts any work.
 */
public final class Usage {

    private Usage() {
    }

    /** Prints the usage when the arguments ask for help ({@code --help}, {@code -h}); true when it did. */
    public static boolean printedFor(String[] args) {
        if (!List.of(args).contains("--help") && !List.of(args).contains("-h")) {
            return false;
        }
        try (InputStream text = Usage.class.getResourceAsStream("/usage.txt")) {
            System.out.print(text != null ? new String(text.readAllBytes(), StandardCharsets.UTF_8)
                    : "Usage: java -jar cdc-sync.jar; see cdc-sync/README.md\n");
            System.out.flush();
            return true;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
