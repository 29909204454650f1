package dev.strangler.plans.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRunnerTests {

    static final MigrationPlan CUSTOMERS = new PlanFiles().load(Path.of("../plans/customers.yaml"));

    @TempDir
    Path home;

    AdminApiStub engines;
    PlanStates states;
    PlanRunner runner;

    @BeforeEach
    void startEngines() throws IOException {
        engines = new AdminApiStub("customers-read", "customers-write");
        states = new PlanStates(home.resolve("plans"));
        AdminClient client = new AdminClient(engines.url(), "secret");
        runner = new PlanRunner(new Engines(client, client), states, "ada",
                Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stopEngines() {
        engines.close();
    }

    private void enter(String phase) {
        engines.enter(CUSTOMERS, phase, states);
    }

    @Test
    void firstAdvanceAppliesTheExtractPhaseWithoutGates() {
        engines.pipelineState = "STOPPED";

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.ADVANCED);
        assertThat(outcome.gates()).isEmpty();
        assertThat(engines.changes()).containsExactly("POST /pipelines/customers/start");
        assertThat(states.read("customers").phase()).isEqualTo("extract");
    }

    @Test
    void refusesToAdvanceWhenAGateFailsAndNamesTheFigureAndItsBound() {
        enter("shadow-reads");
        engines.shadow = "{\"compared\":200,\"matched\":180,\"differed\":20,\"failed\":0,\"latestDiffs\":[{\"method\":"
                + "\"GET\",\"path\":\"/api/customers/7\",\"differences\":[{\"path\":\"/email\"}]}]}";

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(outcome.message()).contains("shadow diff rate: FAILED (10.0% (20 of 200 differed; 0 copies "
                + "failed), bound < 5.0%)");
        assertThat(outcome.gates()).filteredOn(gate -> gate.gate().equals("shadow diff rate")).singleElement()
                .satisfies(gate -> assertThat(gate.details()).containsExactly("GET /api/customers/7 [/email]"));
        assertThat(engines.changes()).isEmpty();
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
        assertThat(states.auditEntries()).last().satisfies(entry -> {
            assertThat(entry.path("outcome").asString()).isEqualTo("refused");
            assertThat(entry.path("actor").asString()).isEqualTo("ada");
        });
    }

    @Test
    void refusesWhenTooFewRequestsWereShadowedEvenIfNoneDiffered() {
        enter("shadow-reads");
        engines.shadow = "{\"compared\":10,\"matched\":10,\"differed\":0,\"failed\":0,\"latestDiffs\":[]}";

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(outcome.message()).contains("shadow compared: FAILED (10 comparisons, bound >= 50)");
    }

    @Test
    void advancesPastCleanGatesAndSwitchesTheRoutesWithThePhaseReason() {
        enter("shadow-reads");
        engines.shadow = "{\"compared\":80,\"matched\":79,\"differed\":1,\"failed\":0,\"latestDiffs\":[]}";

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.ADVANCED);
        assertThat(outcome.gates()).allMatch(GateResult::passed);
        assertThat(engines.changes()).containsExactly("PUT /admin/routes/customers-read CANARY 25");
        assertThat(engines.reasons).containsExactly("plan customers: " + CUSTOMERS.phase(2).why());
        assertThat(engines.actors).containsExactly("ada");
        assertThat(states.read("customers")).satisfies(state -> {
            assertThat(state.phase()).isEqualTo("canary-reads");
            assertThat(state.enteredAt()).isEqualTo("2026-11-30T10:00:00Z");
        });
    }

    @Test
    void refusesAnUnavailableVerifierUnlessAskedToGoOnWithoutIt() {
        enter("extract");
        engines.hasVerifier = false;

        PlanRunner.Outcome strict = runner.advance(CUSTOMERS, PlanRunner.Options.apply());
        PlanRunner.Outcome lenient = runner.advance(CUSTOMERS, new PlanRunner.Options(false, true));

        assertThat(strict.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(strict.message()).contains("verifier: UNAVAILABLE (cdc-sync has no verify endpoint");
        assertThat(lenient.result()).isEqualTo(PlanRunner.Result.ADVANCED);
    }

    @Test
    void refusesWhenTheVerifierFindsDifferences() {
        enter("extract");
        engines.verdict = "{\"inSync\":false,\"rowsCompared\":50,\"missing\":[\"id=7\"],\"extra\":[],"
                + "\"differing\":[\"id=3: email\"],\"inFlight\":[],\"tookMillis\":9}";

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(outcome.gates().get(0).details()).containsExactly("missing id=7", "differing id=3: email");
    }

    @Test
    void refusesWhenTheSyncLagsBehindItsBound() {
        enter("extract");
        engines.lagMillis = 15_000;

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.message()).contains("sync lag: FAILED (15000 ms (FORWARD), bound < 10000 ms)");
    }

    @Test
    void countsTheServiceErrorRateOnlySinceThePhaseBegan() {
        engines.metrics = AdminApiStub.metrics(List.of("customers-read customer-service server_error 30"));
        enter("serve-reads");
        states.write(new PlanState("customers", 3, "serve-reads", "t", "ada",
                new Engines(new AdminClient(engines.url(), "secret"), new AdminClient(engines.url(), "secret"))
                        .figures(List.of())));
        engines.metrics = AdminApiStub.metrics(List.of("customers-read customer-service server_error 30",
                "customers-read customer-service ok 99", "customers-read monolith fallback 1"));

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, new PlanRunner.Options(true, false));

        assertThat(outcome.gates()).filteredOn(gate -> gate.gate().equals("error rate")).singleElement()
                .satisfies(gate -> assertThat(gate.figure()).isEqualTo("1.0% (1 of 100)"));
        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED);
    }

    @Test
    void cutsOverWritesByHoldingThemUntilTheForwardBacklogIsDrained() {
        enter("serve-reads");
        engines.metrics = AdminApiStub.metrics(List.of("customers-read customer-service ok 500"));

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.ADVANCED);
        // Were the writes flipped before the drain, a forward backlog upsert could land on the service after it
        // acknowledged a write of the same key: the service takes writes only once nothing old is still coming.
        assertThat(engines.changes()).containsExactly(
                "POST /pipelines/customers/prepare-switch REVERSE",
                "PUT /admin/routes/customers-write HOLD",
                "POST /pipelines/customers/switch REVERSE",
                "PUT /admin/routes/customers-write SERVICE");
        assertThat(states.read("customers").phase()).isEqualTo("cutover-writes");
    }

    @Test
    void rollsBackAWriteCutoverWithoutResurrectingADeletedRow() {
        enter("cutover-writes");

        PlanRunner.Outcome outcome = runner.rollback(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.ROLLED_BACK);
        // The history checker's counter-example: a reverse backlog upsert re-inserted a row the monolith had
        // already deleted and acknowledged. The monolith takes writes only after the reverse direction is drained.
        assertThat(engines.changes()).containsExactly(
                "POST /pipelines/customers/prepare-switch FORWARD",
                "PUT /admin/routes/customers-write HOLD",
                "POST /pipelines/customers/switch FORWARD",
                "PUT /admin/routes/customers-write MONOLITH");
        assertThat(states.read("customers").phase()).isEqualTo("serve-reads");
        assertThat(states.auditEntries()).last().satisfies(entry ->
                assertThat(entry.path("action").asString()).isEqualTo("rollback"));
    }

    @Test
    void rollsBackARouteOnlyPhaseWithoutTouchingTheSync() {
        enter("canary-reads");

        runner.rollback(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(engines.changes()).containsExactly("PUT /admin/routes/customers-read SHADOW");
    }

    @Test
    void refusesToRollBackBeyondTheFirstPhase() {
        enter("extract");

        PlanRunner.Outcome outcome = runner.rollback(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(outcome.message()).contains("extract is the first");
        assertThat(engines.changes()).isEmpty();
    }

    @Test
    void dryRunSaysWhatWouldChangeAndChangesNothing() {
        enter("serve-reads");

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, new PlanRunner.Options(true, false));

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED); // no service requests yet
        engines.metrics = AdminApiStub.metrics(List.of("customers-read customer-service ok 500"));
        PlanRunner.Outcome dry = runner.advance(CUSTOMERS, new PlanRunner.Options(true, false));
        assertThat(dry.result()).isEqualTo(PlanRunner.Result.WOULD_APPLY);
        assertThat(dry.steps()).extracting(PlanStep::toString).containsExactly(
                "sync customers: prepare switch to REVERSE (REVERSE starts next to FORWARD, ids fenced)",
                "route customers-write: MONOLITH → HOLD (writes answered 503 until the sync has switched)",
                "sync customers: switch to REVERSE (drain FORWARD, check the fence, stop it)",
                "route customers-write: MONOLITH → SERVICE");
        assertThat(engines.changes()).isEmpty();
        assertThat(states.read("customers").phase()).isEqualTo("serve-reads");
    }

    @Test
    void keepsThePhaseWhenAnEngineRefusesPartWayAndRepeatsOnlyWhatIsMissing() {
        PlanRunner.Outcome failed = cutOverWritesWhileTheEnginesRefuse("POST /pipelines/customers/switch");

        assertThat(failed.result()).isEqualTo(PlanRunner.Result.FAILED);
        assertThat(failed.applied()).hasSize(2);
        assertThat(failed.message()).contains("refused by the stub", "stays in serve-reads");
        assertThat(states.read("customers").phase()).isEqualTo("serve-reads");

        engines.refuse = null;
        engines.calls.clear();
        PlanRunner.Outcome again = runner.advance(CUSTOMERS, PlanRunner.Options.apply());
        assertThat(again.result()).isEqualTo(PlanRunner.Result.ADVANCED);
        assertThat(engines.changes()).doesNotContain("PUT /admin/routes/customers-read SERVICE");
        assertThat(engines.rules.get("customers-write").mode).isEqualTo("SERVICE");
    }

    @Test
    void leavesTheWritesHeldAndSaysHowToGoOnWhenTheSwitchIsRefused() {
        PlanRunner.Outcome failed = cutOverWritesWhileTheEnginesRefuse("POST /pipelines/customers/switch");

        assertThat(failed.result()).isEqualTo(PlanRunner.Result.FAILED);
        // Putting the writes back on the monolith while the reverse direction already runs is the very race the
        // hold closes; the runner leaves them held and says so.
        assertThat(engines.rules.get("customers-write").mode).isEqualTo("HOLD");
        assertThat(failed.message()).contains("customers-write is held",
                "strangler plan advance customers", "strangler route set customers-write MONOLITH");
    }

    @Test
    void holdsTheWritesAgainWhenAPreviousHoldDidNotDrain() {
        enter("serve-reads");
        engines.metrics = AdminApiStub.metrics(List.of("customers-read customer-service ok 500"));
        engines.rules.get("customers-write").mode = "HOLD";

        runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        // The proxy answers a HOLD only once the rule's requests in flight have finished, so the hold is asked
        // again before the switch, even of a rule a failed run left held.
        assertThat(engines.changes()).containsSubsequence("PUT /admin/routes/customers-write HOLD",
                "POST /pipelines/customers/switch REVERSE", "PUT /admin/routes/customers-write SERVICE");
    }

    @Test
    void movesNoWriteWhenPrepareSwitchIsRefused() {
        PlanRunner.Outcome failed = cutOverWritesWhileTheEnginesRefuse("POST /pipelines/customers/prepare-switch");

        assertThat(failed.result()).isEqualTo(PlanRunner.Result.FAILED);
        assertThat(failed.applied()).isEmpty();
        // The refused call is all: the write route stays on the monolith.
        assertThat(engines.changes()).containsExactly("POST /pipelines/customers/prepare-switch REVERSE");
        assertThat(states.read("customers").phase()).isEqualTo("serve-reads");
    }

    /** From serve-reads (gates clean) to cutover-writes, with the engines refusing {@code call}. */
    private PlanRunner.Outcome cutOverWritesWhileTheEnginesRefuse(String call) {
        enter("serve-reads");
        engines.metrics = AdminApiStub.metrics(List.of("customers-read customer-service ok 500"));
        engines.refuse = call;
        return runner.advance(CUSTOMERS, PlanRunner.Options.apply());
    }

    @Test
    void refusesToAdvancePastTheLastPhaseWhileItsGatesCannotBeDecided() {
        enter("retire");

        PlanRunner.Outcome outcome = runner.advance(CUSTOMERS, PlanRunner.Options.apply());

        assertThat(outcome.result()).isEqualTo(PlanRunner.Result.REFUSED);
        assertThat(outcome.message()).contains("is in its last phase, retire, but it is not complete");
        assertThat(engines.changes()).isEmpty();
    }

    @Test
    void keepsStateDurablyAndRefusesADamagedStateFile() throws IOException {
        runner.advance(CUSTOMERS, PlanRunner.Options.apply());
        assertThat(new PlanStates(home.resolve("plans")).read("customers").phase()).isEqualTo("extract");
        assertThat(Files.list(home.resolve("plans"))).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("customers.json", "audit.jsonl");

        Files.writeString(states.file("customers"), "{\"plan\":\"customers\",\"phaseIn");
        assertThatThrownBy(() -> states.read("customers")).hasMessageContaining("customers.json is damaged");
    }
}
