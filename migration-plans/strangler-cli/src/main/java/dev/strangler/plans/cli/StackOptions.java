package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackFile;
import dev.strangler.plans.stack.StackLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Which stack a command works on: the stack file ({@code --stack}, else {@code $STRANGLER_STACK}, else
 * {@code strangler.yaml} in the working directory) and overrides of what it says. Options every command that touches
 * the stack shares.
 */
final class StackOptions {

    /** The JVM options of the apps {@code up} starts, before {@code $STRANGLER_JAVA_OPTS} (a test sets it). */
    static final String JAVA_OPTIONS_PROPERTY = "strangler.java.opts";

    @Option(names = "--stack", paramLabel = "FILE",
            description = "The stack file (default: $STRANGLER_STACK, else strangler.yaml in this directory; "
                    + "'strangler init' writes one).")
    @Nullable Path stackFile = environment("STRANGLER_STACK").map(Path::of).orElse(null);

    @Option(names = "--home", paramLabel = "DIR",
            description = "State directory: databases, logs, tokens, plan state (default: the stack file's home, else "
                    + "$STRANGLER_HOME, else ~/.strangler/<stack>).")
    @Nullable Path home;

    @Option(names = "--repo", paramLabel = "DIR", hidden = true,
            description = "Repository root with the built jars (set by ./strangler).")
    Path repository = Path.of(System.getProperty("strangler.repo", ".")).toAbsolutePath().normalize();

    @Option(names = "--postgres-port", paramLabel = "PORT",
            description = "Port of the stack's embedded PostgreSQL (default: the stack file's, plus the port offset).")
    @Nullable Integer postgresPort;

    @Option(names = "--port-offset", paramLabel = "N",
            description = "Run the stack on every port of its stack file plus N (the apps, the engines, PostgreSQL), "
                    + "so that it does not collide with another stack (default: ${DEFAULT-VALUE}).")
    int portOffset;

    private @Nullable StackLayout layout;

    /** The stack file this command works on, if there is one. */
    Optional<Path> stackFile() {
        return stackFile != null ? Optional.of(stackFile.toAbsolutePath().normalize())
                : StackFile.in(Path.of("").toAbsolutePath());
    }

    /** The stack this command works on; refused (exit 2) with how to get one when there is no stack file. */
    StackLayout layout() {
        if (layout == null) {
            Path file = stackFile().orElseThrow(() -> new IllegalArgumentException("No stack file: no "
                    + StackFile.FILE_NAME + " in " + Path.of("").toAbsolutePath() + " and no --stack FILE or "
                    + "STRANGLER_STACK. Write one for your monolith with 'strangler init', or use the sample shop's: "
                    + "--stack " + repository.resolve(StackFile.FILE_NAME)));
            layout = layout(file);
        }
        return layout;
    }

    /** The sample shop's stack, the repository's own {@code strangler.yaml}, unless {@code --stack} names another. */
    StackLayout shopOrNamed() {
        return stackFile != null ? layout() : layout(repository.resolve(StackFile.FILE_NAME));
    }

    private StackLayout layout(Path file) {
        StackFile stack = StackFile.read(file);
        Path chosenHome = (home != null ? home : StackLayout.defaultHome(stack)).toAbsolutePath().normalize();
        StackLayout base = StackLayout.of(stack, repository, chosenHome, portOffset);
        return postgresPort == null ? base
                : new StackLayout(stack, repository, chosenHome, postgresPort, portOffset);
    }

    /**
     * The state home: {@code --home} when given (then no stack file is needed, e.g. with {@code --proxy-admin}),
     * else the stack's.
     */
    Path home() {
        return home != null ? home.toAbsolutePath().normalize() : layout().home();
    }

    Stack stack(Console console) {
        return stack(console, layout());
    }

    /**
     * The shop's (or the named) stack on fresh state of its own, {@code <home>/<name>} (the walkthrough's, the
     * history check's): what an earlier, killed run left there is stopped, then forgotten.
     */
    Stack freshStack(Console console, String name) {
        StackLayout base = shopOrNamed();
        Stack stack = stack(console, new StackLayout(base.stack(), base.repository(), base.home().resolve(name),
                base.postgresPort(), base.portOffset()));
        stack.down();
        deleteRecursively(stack.layout().home());
        return stack;
    }

    private Stack stack(Console console, StackLayout layout) {
        String options = System.getProperty(JAVA_OPTIONS_PROPERTY,
                System.getenv().getOrDefault("STRANGLER_JAVA_OPTS", "-Xmx384m"));
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

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
