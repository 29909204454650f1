package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the stack lives: options every command that touches it shares. */
final class StackOptions {

    @Option(names = "--home", paramLabel = "DIR",
            description = "State directory: databases, logs, tokens (default: $STRANGLER_HOME or ~/.strangler).")
    Path home = defaultHome();

    @Option(names = "--repo", paramLabel = "DIR", hidden = true,
            description = "Repository root with the built jars (set by ./strangler).")
    Path repository = Path.of(System.getProperty("strangler.repo", ".")).toAbsolutePath().normalize();

    @Option(names = "--postgres-port", paramLabel = "PORT",
            description = "Port of the stack's PostgreSQL (default: 5433 plus the port offset).")
    @Nullable Integer postgresPort;

    @Option(names = "--port-offset", paramLabel = "N",
            description = "Run the stack on every default port plus N (proxy 8000+N, admin 8001+N, monolith 8080+N, "
                    + "services 8081+N and 8082+N, cdc-sync 8090+N, plan API 8095+N, PostgreSQL 5433+N), so that it "
                    + "does not collide with another stack (default: ${DEFAULT-VALUE}).")
    int portOffset;

    StackLayout layout() {
        Path normalised = home.toAbsolutePath().normalize();
        return new StackLayout(repository, normalised, postgresPort != null ? postgresPort
                : StackLayout.DEFAULT_POSTGRES_PORT + portOffset, portOffset);
    }

    Stack stack(Console console) {
        return stack(console, layout());
    }

    /**
     * A stack on fresh state of its own, {@code <home>/<name>} (the walkthrough's, the history check's): what an
     * earlier, killed run left there is stopped, then forgotten.
     */
    Stack freshStack(Console console, String name) {
        StackLayout base = layout();
        Stack stack = stack(console, new StackLayout(base.repository(), base.home().resolve(name),
                base.postgresPort(), base.portOffset()));
        stack.down();
        deleteRecursively(stack.layout().home());
        return stack;
    }

    private Stack stack(Console console, StackLayout layout) {
        String options = System.getenv().getOrDefault("STRANGLER_JAVA_OPTS", "-Xmx384m");
        List<String> javaOptions = Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        return new Stack(layout, javaOptions, console);
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not clear " + directory, ex);
        }
    }

    private static Path defaultHome() {
        String home = System.getenv("STRANGLER_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".strangler")
                : Path.of(home);
    }
}
