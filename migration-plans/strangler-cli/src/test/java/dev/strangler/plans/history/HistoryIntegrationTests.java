package dev.strangler.plans.history;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The short history check on the real stack (every app's jar, one embedded PostgreSQL) on ports of its own and a
 * fresh home: the customers plan moved through every phase, a rollback from cutover and a second cutover, under
 * kills of cdc-sync, the proxy and customer-service and a killed walsender, with writes through the proxy and
 * straight into the shared database; then both databases are checked against the history. The jars exist when the
 * whole reactor builds (this module builds last); built alone, the test says which jar is missing and is skipped.
 */
class HistoryIntegrationTests {

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    static final int PORT_OFFSET = 25_000;

    @Test
    void losesOverwritesResurrectsAndInventsNothingAcrossAWholePlanUnderKills() throws IOException {
        Path home = Path.of("target/history-home").toAbsolutePath();
        StackLayout layout = StackLayout.withPortOffset(REPOSITORY, home, PORT_OFFSET);
        for (Component component : layout.components()) {
            assumeTrue(Files.isRegularFile(REPOSITORY.resolve(component.jar())), () -> component.jar()
                    + " is not built: run the whole reactor (./mvnw verify) for the history check");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
        Stack stack = new Stack(layout, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), console);
        stack.down();
        deleteRecursively(home);

        HistoryRun.Result result = new HistoryRun(stack, console, HistoryRun.Settings.quick(
                REPOSITORY.resolve("migration-plans/plans"))).run();

        System.out.println(out); // the summary line and any counter-example, in the test's output
        assertThat(result.verdict().smallestCounterExamples()).as("counter-examples; progress:%n%s", err)
                .isEmpty();
        assertThat(result.summary()).contains("flips 7, kills 5, lost 0, overwritten 0, resurrected 0, phantom 0");
        assertThat(result.history().count(History.Outcome.OK)).isGreaterThan(100);
        assertThat(result.history().operations()).extracting(History.Operation::via)
                .contains("proxy", "legacy-batch");
        assertThat(stack.status()).allSatisfy(status -> assertThat(status.state()).isNotEqualTo(Stack.State.READY));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
