package dev.strangler.plans.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.plan.MigrationPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decommission gates of the customers plan's retire phase ({@code monolithRequestsAtMost} and
 * {@code strayWritesAtMost} over 30 s, {@code archRulesClean}) against the engines' admin APIs (stubbed) and a
 * monolith compiled for the test.
 */
class RetireCheckTests {

    static final MigrationPlan CUSTOMERS = PlanRunnerTests.CUSTOMERS;
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static final String NO_STRAY_WRITES = "{\"count\":0,\"writes\":[]}";
    static final String ONE_STRAY_WRITE = "{\"count\":1,\"writes\":[{\"id\":41,\"table\":\"customers\",\"key\":"
            + "{\"id\":7},\"operation\":\"UPDATE\",\"lsn\":\"0/1A2B3C\",\"txId\":918,"
            + "\"commitTime\":\"2026-11-30T09:59:48Z\"}]}";

    @TempDir
    Path home;

    AdminApiStub engines;
    PlanStates states;

    @BeforeEach
    void startEngines() throws IOException {
        engines = new AdminApiStub("customers-read", "customers-write");
        engines.direction = "REVERSE";
        states = new PlanStates(home.resolve("plans"));
        int retire = CUSTOMERS.indexOf("retire").orElseThrow();
        states.write(new PlanState("customers", retire, "retire", "2026-11-30T09:00:00Z", "ada", Figures.none()));
        CUSTOMERS.phase(retire).routes().forEach((rule, setting) -> engines.rules.get(rule).mode = setting.mode());
        quietWindow();
        engines.strayWrites = NO_STRAY_WRITES;
    }

    @AfterEach
    void stopEngines() {
        engines.close();
    }

    private void quietWindow() {
        engines.traffic.put("customers-read", AdminApiStub.traffic("customers-read", 0, 0, 0, 340, true));
        engines.traffic.put("customers-write", AdminApiStub.traffic("customers-write", 0, 0, 0, 25, true));
    }

    private PlanRunner runner(@Nullable Path monolithClasses) {
        AdminClient client = new AdminClient(engines.url(), "secret");
        return new PlanRunner(new Engines(client, client), states, "ada", Clock.fixed(NOW, ZoneOffset.UTC),
                monolithClasses);
    }

    /** A monolith whose customers module is gone: what is left reads the customers table but writes none. */
    private Path monolithWithoutWriters() throws IOException {
        return compile("clean", "package com.acme.shop.catalog;\n"
                + "public class CustomerNames { public String sql() { return \"SELECT name FROM customers\"; } }\n");
    }

    private Path compile(String name, String source) throws IOException {
        Path sources = Files.createDirectories(home.resolve(name + "-src"));
        Path classes = Files.createDirectories(home.resolve(name + "-classes"));
        String className = source.substring(source.indexOf("class ") + 6, source.indexOf(" {"));
        Path file = sources.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, "-d", classes.toString(), file.toString())).isZero();
        return classes;
    }

    private static GateResult gate(List<GateResult> gates, String name) {
        return gates.stream().filter(gate -> gate.gate().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void holdsWhenNothingReachedTheMonolithNothingStrayWasWrittenAndNoWriterIsLeft() throws IOException {
        PlanRunner.RetireCheck check = runner(monolithWithoutWriters()).retireCheck(CUSTOMERS);

        assertThat(check.gates()).extracting(GateResult::gate).containsExactly("monolith requests", "stray writes",
                "arch rules");
        assertThat(check.gates()).allMatch(GateResult::passed);
        assertThat(gate(check.gates(), "monolith requests").figure())
                .isEqualTo("0 answered by the monolith in the last 30s");
        assertThat(gate(check.gates(), "stray writes").figure()).isEqualTo("0 stray write(s) in the last 30s");
        assertThat(check.holds()).isTrue();
    }

    @Test
    void asksTheEnginesAboutTheWindowThePlanGives() throws IOException {
        runner(monolithWithoutWriters()).retireCheck(CUSTOMERS);

        assertThat(engines.queries).contains("traffic window=PT30S", "stray-writes since=2026-11-30T09:59:30Z");
    }

    @Test
    void retireIsRefusedWhileAMonolithRequestIsInTheWindowAndCompleteOnceTheWindowIsClean() throws IOException {
        PlanRunner runner = runner(monolithWithoutWriters());
        engines.traffic.put("customers-read", AdminApiStub.traffic("customers-read", 0, 1, 0, 339, true));

        PlanRunner.Outcome refused = runner.advance(CUSTOMERS, PlanRunner.Options.apply());
        PlanRunner.RetireCheck failing = runner.retireCheck(CUSTOMERS);

        assertThat(refused.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(refused.message()).contains("not complete: monolith requests: FAILED (1 answered by the "
                + "monolith in the last 30s, bound <= 0 in 30s)");
        assertThat(failing.holds()).isFalse();
        assertThat(gate(failing.gates(), "monolith requests").details()).contains(
                "customers-read: 1 answered by the monolith {fallback=1, monolith=0, service=339, shadow=0}");

        quietWindow();
        PlanRunner.Outcome complete = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(complete.result()).isEqualTo(PlanRunner.Result.COMPLETE);
        assertThat(complete.message()).isEqualTo("plan customers is complete: the gates of retire hold");
        assertThat(runner.retireCheck(CUSTOMERS).holds()).isTrue();
        assertThat(engines.changes()).isEmpty();
        assertThat(states.auditEntries()).extracting(entry -> entry.path("outcome").asString())
                .containsExactly("refused", "complete");
    }

    @Test
    void shadowedRequestsCountAsAnsweredByTheMonolith() throws IOException {
        engines.traffic.put("customers-read", AdminApiStub.traffic("customers-read", 0, 0, 3, 0, true));

        PlanRunner.RetireCheck check = runner(monolithWithoutWriters()).retireCheck(CUSTOMERS);

        assertThat(gate(check.gates(), "monolith requests").verdict()).isEqualTo(GateResult.Verdict.FAILED);
        assertThat(check.holds()).isFalse();
    }

    @Test
    void retireIsRefusedWhileAStrayWriteIsInTheWindowAndHoldsOnceTheWindowIsClean() throws IOException {
        PlanRunner runner = runner(monolithWithoutWriters());
        engines.strayWrites = ONE_STRAY_WRITE;

        PlanRunner.RetireCheck failing = runner.retireCheck(CUSTOMERS);

        assertThat(failing.holds()).isFalse();
        assertThat(gate(failing.gates(), "stray writes")).satisfies(gate -> {
            assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.FAILED);
            assertThat(gate.figure()).isEqualTo("1 stray write(s) in the last 30s");
            assertThat(gate.details()).containsExactly(
                    "UPDATE customers {\"id\":7} at 2026-11-30T09:59:48Z (tx 918, lsn 0/1A2B3C)");
        });
        assertThat(runner.advance(CUSTOMERS, PlanRunner.Options.apply()).result())
                .isEqualTo(PlanRunner.Result.REFUSED);

        engines.strayWrites = NO_STRAY_WRITES;

        assertThat(runner.retireCheck(CUSTOMERS).holds()).isTrue();
    }

    @Test
    void aProxyThatRestartedWithinTheWindowCannotProveItAndTheGateIsUnavailable() throws IOException {
        engines.traffic.put("customers-write", AdminApiStub.traffic("customers-write", 0, 0, 0, 2, false));

        PlanRunner.RetireCheck check = runner(monolithWithoutWriters()).retireCheck(CUSTOMERS);

        assertThat(gate(check.gates(), "monolith requests")).satisfies(gate -> {
            assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.UNAVAILABLE);
            assertThat(gate.figure()).contains("begins at 2026-11-30T09:59:50Z (when the proxy started: it keeps its history in memory), less than 30s ago");
        });
        assertThat(check.holds()).isFalse();
    }

    @Test
    void enginesWithoutTrafficHistoryOrStrayWriteWatchLeaveTheirGatesUnavailable() throws IOException {
        engines.keepsTrafficHistory = false;
        engines.strayWrites = null;

        List<GateResult> gates = runner(monolithWithoutWriters()).retireCheck(CUSTOMERS).gates();

        assertThat(gate(gates, "monolith requests").verdict()).isEqualTo(GateResult.Verdict.UNAVAILABLE);
        assertThat(gate(gates, "monolith requests").figure()).contains("the proxy keeps no traffic history");
        assertThat(gate(gates, "stray writes").verdict()).isEqualTo(GateResult.Verdict.UNAVAILABLE);
        assertThat(gate(gates, "stray writes").figure()).contains("does not watch for stray writes "
                + "(GET /pipelines/customers/stray-writes answered 404)");
    }

    @Test
    void withoutMonolithClassesTheArchGateIsUnavailableAndSaysHowToGiveThem() {
        PlanRunner runner = runner(null);

        GateResult arch = gate(runner.retireCheck(CUSTOMERS).gates(), "arch rules");

        assertThat(arch.verdict()).isEqualTo(GateResult.Verdict.UNAVAILABLE);
        assertThat(arch.figure()).contains("--monolith-classes");
        assertThat(runner.advance(CUSTOMERS, PlanRunner.Options.apply()).result())
                .isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(runner.advance(CUSTOMERS, new PlanRunner.Options(false, true)).result())
                .isEqualTo(PlanRunner.Result.COMPLETE);
    }

    @Test
    void archGateFailsNamingTheMonolithCodeThatStillWritesThePlansTables() throws IOException {
        Path monolith = compile("dirty", "package com.acme.shop.reports;\n"
                + "public class NightlyCleanup { public String sql() { "
                + "return \"UPDATE customers SET email = lower(email)\"; } }\n");

        GateResult arch = gate(runner(monolith).retireCheck(CUSTOMERS).gates(), "arch rules");

        assertThat(arch.verdict()).isEqualTo(GateResult.Verdict.FAILED);
        assertThat(arch.figure()).startsWith("1 writer(s) in 1 classes of ");
        assertThat(arch.details()).singleElement().asString().contains("NightlyCleanup.sql()",
                "writes table <customers>");
    }

    @Test
    void doesNotHoldBeforeThePlanReachesItsLastPhase() throws IOException {
        states.write(new PlanState("customers", 4, "cutover-writes", "2026-11-30T09:00:00Z", "ada", Figures.none()));

        PlanRunner.RetireCheck check = runner(monolithWithoutWriters()).retireCheck(CUSTOMERS);

        assertThat(check.gates()).allMatch(GateResult::passed);
        assertThat(check.inLastPhase()).isFalse();
        assertThat(check.holds()).isFalse();
    }
}
