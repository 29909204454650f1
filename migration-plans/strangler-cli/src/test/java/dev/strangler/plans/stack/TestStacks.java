package dev.strangler.plans.stack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.plans.cli.output.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole stack for an end-to-end test: every app's jar, one embedded PostgreSQL, on ports of its own and a fresh
 * home, so that it never meets a developer's running stack. The jars exist when the whole reactor builds (this
 * module builds last); built alone, the test says which jar is missing and is skipped.
 */
public final class TestStacks {

    /** The repository root, where the jars are built. */
    public static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    /** The sample shop's stack file, at the repository root. */
    public static final Path SHOP = REPOSITORY.resolve(StackFile.FILE_NAME);

    private TestStacks() {
    }

    /**
     * A stopped stack on every default port plus {@code portOffset} (keep 8095 plus it below 32768, where Linux's
     * ephemeral ports begin) with a fresh home {@code target/<name>-home}.
     */
    public static Stack fresh(String name, int portOffset, Console console) throws IOException {
        Path home = Path.of("target", name + "-home").toAbsolutePath();
        StackLayout layout = shop(REPOSITORY, home, portOffset);
        for (Component component : layout.components()) {
            assumeTrue(component.jar() != null && Files.isRegularFile(component.jar()), () -> component.jar()
                    + " is not built: run the whole reactor (./mvnw verify) for the tests of the whole stack");
        }
        Stack stack = new Stack(layout, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), console);
        stack.down();
        if (Files.exists(home)) {
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return stack;
    }

    /**
     * A copy of the shop's plans ({@code migration-plans/plans}) under {@code target/<name>-plans} in which every
     * decommission gate's window ({@code for: 30s}) is {@code window} instead. A walk to retire waits until the
     * window holds no monolith request and no stray write: what that proves does not depend on the window's length,
     * and the shipped 30 s would be waited for once per plan.
     */
    public static Path plansWithWindows(String name, String window) throws IOException {
        Path plans = Path.of("target", name + "-plans").toAbsolutePath();
        Files.createDirectories(plans);
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("migration-plans/plans"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                if (file.getFileName().toString().endsWith(".yaml")) {
                    text = text.replaceAll("for: [1-9][0-9]*[smh]\\b", "for: " + window);
                }
                Files.writeString(plans.resolve(file.getFileName()), text);
            }
        }
        return plans;
    }

    /**
     * The shop's stack laid out with its jars under {@code repository} and every port plus {@code portOffset}. A
     * repository other than the kit's gets a copy of the shop's stack file, so that the apps' jars resolve there too.
     */
    public static StackLayout shop(Path repository, Path home, int portOffset) throws IOException {
        Path file = repository.resolve(StackFile.FILE_NAME);
        if (!Files.exists(file)) {
            Files.createDirectories(repository);
            Files.copy(SHOP, file);
        }
        return StackLayout.of(StackFile.read(file), repository, home, portOffset);
    }
}
