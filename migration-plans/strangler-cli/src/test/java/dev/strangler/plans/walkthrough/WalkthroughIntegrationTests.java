package dev.strangler.plans.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough end to end on the real stack (every app's jar, one embedded PostgreSQL), on ports of its own and
 * a fresh home, so that it never meets a developer's running stack. The jars exist when the whole reactor builds
 * (this module builds last); built alone, the test says which jar is missing and is skipped.
 */
class WalkthroughIntegrationTests {

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    static final int PORT_OFFSET = 21_000;

    @Test
    void walksTheCustomersThenTheOrdersPlanThroughEveryPhaseUnderLoadAndLosesNoAcknowledgedWrite() throws IOException {
        Path home = Path.of("target/walkthrough-home").toAbsolutePath();
        StackLayout layout = StackLayout.withPortOffset(REPOSITORY, home, PORT_OFFSET);
        for (Component component : layout.components()) {
            assumeTrue(Files.isRegularFile(REPOSITORY.resolve(component.jar())), () -> component.jar()
                    + " is not built: run the whole reactor (./mvnw verify) for the walkthrough's end-to-end test");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
        Stack stack = new Stack(layout, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), console);
        stack.down();
        deleteRecursively(home);
        Walkthrough.Settings settings = new Walkthrough.Settings(REPOSITORY.resolve("migration-plans/plans"),
                List.of("customers", "orders"), 20, 4, Duration.ofSeconds(60), Duration.ofSeconds(2), 50, 100,
                "walkthrough-test");

        int exit = new Walkthrough(stack, console, settings).run();

        String output = out.toString();
        System.out.println(output); // the walkthrough's own report (figures, summary) in the test's output
        assertThat(exit).as("exit code; output:%n%s%nprogress:%n%s", output, err).isZero();
        assertThat(output).contains("▶ advance customers: (not started) → extract",
                "▶ advance customers: canary-reads → serve-reads",
                "▶ rollback customers: cutover-writes → serve-reads",
                "changed: sync customers: prepare switch to REVERSE",
                "advancing at once is refused, as it should be",
                "customers: last phase reached (retire)",
                "✓ every acknowledged write is on the owner and synced to the other side");
        // Then the orders plan, with orders placed through the proxy: by the monolith, then by order-service's saga.
        assertThat(output).contains("▶ advance orders: (not started) → extract",
                "▶ rollback orders: cutover-writes → serve-reads",
                "orders: last phase reached (retire)");
        // Each plan ends with retire-check: the windowed decommission gates hold once the window is clean, and the
        // write-cutover rule names the writers the sample monolith still has (it keeps its code).
        for (String plan : List.of("customers", "orders")) {
            assertThat(output).contains("▶ strangler plan retire-check " + plan + " (at once)");
            assertThat(output).containsPattern("▶ strangler plan retire-check " + plan + " \\((at once|once the window "
                    + "is clean)\\): (holds|the window is clean)");
        }
        assertThat(output).contains("gate monolith requests: PASSED — 0 answered by the monolith in the last 30s",
                "gate arch rules: FAILED");
        assertThat(output).containsPattern("and [1-9][0-9]* orders checked on both");
        assertThat(stack.status()).allSatisfy(status -> assertThat(status.state()).isNotEqualTo(Stack.State.READY));
        assertThat(stack.postgresPort()).isEmpty();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
