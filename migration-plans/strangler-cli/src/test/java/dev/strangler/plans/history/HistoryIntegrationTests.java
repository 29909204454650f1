package dev.strangler.plans.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.TestStacks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The short history check on the real stack ({@link TestStacks}): the customers plan moved through every phase, a
 * rollback from cutover and a second cutover, under kills of cdc-sync, the proxy and customer-service (holding
 * writes) and a killed walsender, with customer and order writes through the proxy and straight into the shared
 * database (orders synced forward; the long run walks the orders plan too); then every database is checked against
 * the history.
 */
class HistoryIntegrationTests {

    static final int PORT_OFFSET = 24_000;

    @Test
    void losesOverwritesResurrectsAndInventsNothingAcrossAWholePlanUnderKills() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
        Stack stack = TestStacks.fresh("history", PORT_OFFSET, console);

        HistoryRun.Result result = new HistoryRun(stack, console, HistoryRun.Settings.quick(
                TestStacks.REPOSITORY.resolve("migration-plans/plans"))).run();

        System.out.println(out); // the summary line and any counter-example, in the test's output
        assertThat(result.stoppedEarly()).as("why the run stopped early; progress:%n%s", err).isNull();
        assertThat(result.verdict().smallestCounterExamples()).as("counter-examples; progress:%n%s", err)
                .isEmpty();
        assertThat(result.summary()).contains("flips 7, kills 5, lost 0, overwritten 0, resurrected 0, phantom 0");
        assertThat(result.catchUpMillis()).isNotNegative();
        assertThat(result.history().count(History.Outcome.OK)).isGreaterThan(100);
        assertThat(result.history().operations()).extracting(History.Operation::via)
                .contains("proxy", "legacy-batch");
        assertThat(result.history().operations()).filteredOn(operation -> operation.entity() == History.Entity.ORDER)
                .extracting(History.Operation::outcome).contains(History.Outcome.OK);
        assertThat(stack.status()).allSatisfy(status -> assertThat(status.state()).isNotEqualTo(Stack.State.READY));
    }
}
