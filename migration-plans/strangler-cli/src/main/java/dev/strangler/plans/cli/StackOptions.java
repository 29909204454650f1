package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
            description = "Port of the stack's PostgreSQL (default: ${DEFAULT-VALUE}).")
    int postgresPort = StackLayout.DEFAULT_POSTGRES_PORT;

    StackLayout layout() {
        return new StackLayout(repository, home.toAbsolutePath().normalize(), postgresPort);
    }

    Stack stack(Console console) {
        String options = System.getenv().getOrDefault("STRANGLER_JAVA_OPTS", "-Xmx384m");
        List<String> javaOptions = Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        return new Stack(layout(), javaOptions, console);
    }

    private static Path defaultHome() {
        String home = System.getenv("STRANGLER_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".strangler")
                : Path.of(home);
    }
}
