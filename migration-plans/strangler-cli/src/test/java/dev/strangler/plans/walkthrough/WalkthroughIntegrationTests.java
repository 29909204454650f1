package dev.strangler.plans.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.TestStacks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walkthrough end to end on the real stack ({@link TestStacks}: every app's jar, ports and a home of its own). */
class WalkthroughIntegrationTests {

    static final int PORT_OFFSET = 21_000;
    static final String RETIRE_WINDOW = "15s";

    @Test
    void walksTheCustomersThenTheOrdersPlanThroughEveryPhaseUnderLoadAndLosesNoAcknowledgedWrite() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
        Stack stack = TestStacks.fresh("walkthrough", PORT_OFFSET, console);
        // The shop's plans with retire windows of 15 s rather than 30 s: each plan's retire-check waits until its window
        // is clean. 15 s still holds the monolith's last answers (before the cutover) when the retire-check first
        // looks (5 to 10 s after them), so that check is refused as it should be.
        Walkthrough.Settings settings = new Walkthrough.Settings(
                TestStacks.plansWithWindows("walkthrough", RETIRE_WINDOW), List.of("customers", "orders"), 20, 4,
                Duration.ofSeconds(60), Duration.ofSeconds(2), 50, 100, "walkthrough-test");

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
        // Each plan ends with retire-check: refused at once (the monolith still holds the module's writers), the
        // windowed decommission gates hold once the window is clean, and after the module's deletion (on a copy of
        // the monolith's classes) every gate holds: no writer of the plan's tables is left anywhere in the monolith.
        for (String plan : List.of("customers", "orders")) {
            assertThat(output).contains("▶ strangler plan retire-check " + plan + " (at once): refused",
                    "▶ strangler plan retire-check " + plan + " (after the module's deletion): holds");
        }
        assertThat(output).contains("gate monolith requests: PASSED — 0 answered by the monolith in the last "
                + RETIRE_WINDOW, "gate stray writes: PASSED — 0 stray write(s) in the last " + RETIRE_WINDOW,
                "gate arch rules: FAILED", "gate arch rules: PASSED");
        assertThat(output).containsPattern("and [1-9][0-9]* orders checked on both");
        assertThat(stack.status()).allSatisfy(status -> assertThat(status.state()).isNotEqualTo(Stack.State.READY));
        assertThat(stack.postgresPort()).isEmpty();
    }
}
