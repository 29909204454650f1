package dev.strangler.support.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.databind.JsonNode;

/**
 * What the control plane (the plan runner, the console's dashboard, the CLI) relies on from cdc-sync's admin API:
 * paths, status codes, JSON member names, RFC 9457 problem documents on bad input, the bearer token. Run it from a
 * {@code @TestFactory} against anything that claims to be that API:
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; keepsTheAdminContract() {
 *     return SyncAdminContract.against(URI.create("http://127.0.0.1:" + port + "/"), token, "customers");
 * }
 * </pre>
 *
 * The pipeline must be running forward or reverse; each test leaves it as it found it (it stops and starts it,
 * switches it to the direction it already runs), so the contract can share a running cdc-sync with other tests.
 */
public final class SyncAdminContract {

    private static final String UNKNOWN_PIPELINE = "no-such-pipeline";

    private final AdminCalls admin;

    private final String pipeline;

    private SyncAdminContract(URI admin, String token, String pipeline) {
        this.admin = new AdminCalls(admin, token);
        this.pipeline = pipeline;
    }

    /**
     * The contract's tests against the admin API at {@code admin} (its root, e.g. {@code http://127.0.0.1:8090/}).
     *
     * @param token the bearer token it accepts
     * @param pipeline the name of a running pipeline, which the tests stop, start and verify
     */
    public static Stream<DynamicTest> against(URI admin, String token, String pipeline) {
        SyncAdminContract contract = new SyncAdminContract(admin, token, pipeline);
        return Stream.of(
                dynamicTest("refuses a call without the bearer token", contract::refusesACallWithoutTheToken),
                dynamicTest("lists every pipeline with its state, direction and lag",
                        contract::listsEveryPipelineWithItsStateDirectionAndLag),
                dynamicTest("shows one pipeline with its stray writes and slots",
                        contract::showsOnePipelineWithItsStrayWritesAndSlots),
                dynamicTest("stops and starts a pipeline", contract::stopsAndStartsAPipeline),
                dynamicTest("keeps the direction a pipeline runs when switched to it",
                        contract::keepsTheDirectionAPipelineRunsWhenSwitchedToIt),
                dynamicTest("refuses a bad action naming the field and changes nothing",
                        contract::refusesABadActionNamingTheFieldAndChangesNothing),
                dynamicTest("verifies a pipeline and says what differs",
                        contract::verifiesAPipelineAndSaysWhatDiffers),
                dynamicTest("lists the stray writes since an instant", contract::listsTheStrayWritesSinceAnInstant),
                dynamicTest("answers not found for an unknown pipeline",
                        contract::answersNotFoundForAnUnknownPipeline));
    }

    private void refusesACallWithoutTheToken() {
        admin.refusesWithoutTheToken("/pipelines", "POST", path() + "/stop", "{\"reason\":\"no token\"}",
                () -> admin.get(path()).ok().body().path("state").asString());
    }

    private void listsEveryPipelineWithItsStateDirectionAndLag() {
        JsonNode pipelines = admin.get("/pipelines").ok().body();

        assertThat(pipelines.isArray()).as("a JSON array: %s", pipelines).isTrue();
        JsonNode view = AdminCalls.find(pipelines, "name", pipeline);
        AdminCalls.hasMembers(view, "name", "state", "direction", "lagMillis");
        assertThat(view.path("lagMillis").isNumber()).as("lagMillis").isTrue();
    }

    private void showsOnePipelineWithItsStrayWritesAndSlots() {
        JsonNode view = admin.get(path()).ok().body();

        AdminCalls.hasMembers(view, "name", "state", "direction", "lagMillis", "lastError", "strayWrites", "slots");
        assertThat(view.path("name").asString()).isEqualTo(pipeline);
        assertThat(view.path("state").asString()).isEqualTo("RUNNING");
        assertThat(view.path("direction").asString()).isIn("FORWARD", "REVERSE");
        AdminCalls.hasMembers(view.path("strayWrites"), "count", "last");
        assertThat(view.path("strayWrites").path("last").isArray()).as("strayWrites.last").isTrue();
        // The dashboard shows how much WAL the pipeline's slots hold back; a running one has its capture's at least.
        assertThat(view.path("slots").isArray()).as("slots").isTrue();
        assertThat(view.path("slots").size()).as("slots of a running pipeline").isPositive();
        view.path("slots").forEach(slot -> AdminCalls.hasMembers(slot, "name", "active", "retainedWalBytes"));
    }

    private void stopsAndStartsAPipeline() {
        JsonNode stopped = admin.post(path() + "/stop", "{\"reason\":\"contract: stop\"}").ok().body();
        JsonNode started = admin.post(path() + "/start", "{\"reason\":\"contract: start again\"}").ok().body();

        assertThat(stopped.path("name").asString()).isEqualTo(pipeline);
        assertThat(stopped.path("state").asString()).isEqualTo("STOPPED");
        assertThat(started.path("state").asString()).isEqualTo("RUNNING");
    }

    private void keepsTheDirectionAPipelineRunsWhenSwitchedToIt() {
        String direction = admin.get(path()).ok().body().path("direction").asString();

        // Upper case, as the plan runner sends a phase's direction.
        JsonNode switched = admin.post(path() + "/switch", "{\"direction\":\"" + direction
                + "\",\"reason\":\"contract: already so\"}").ok().body();

        assertThat(switched.path("direction").asString()).isEqualTo(direction);
        assertThat(switched.path("state").asString()).isEqualTo("RUNNING");
    }

    private void refusesABadActionNamingTheFieldAndChangesNothing() {
        JsonNode before = admin.get(path()).ok().body();

        admin.post(path() + "/switch", "{\"direction\":\"SIDEWAYS\",\"reason\":\"r\"}").problem(400)
                .naming("direction");
        admin.post(path() + "/prepare-switch", "{\"direction\":\"SIDEWAYS\",\"reason\":\"r\"}").problem(400)
                .naming("direction");
        admin.post(path() + "/switch", "{\"direction\":\"REVERSE\"}").problem(400).naming("reason");
        admin.post(path() + "/prepare-switch", "{\"direction\":\"REVERSE\"}").problem(400).naming("reason");
        admin.post(path() + "/stop", "{}").problem(400).naming("reason");
        admin.post(path() + "/stop", "{\"reason\":\"one\\ntwo\"}").problem(400).naming("reason");
        admin.post(path() + "/stop", "{\"reason\":\"r\",\"reasn\":\"a typo\"}").problem(400).naming("reasn");
        admin.post(path() + "/stop", "{\"reason\":").problem(400).naming("body");

        JsonNode after = admin.get(path()).ok().body();
        assertThat(after.path("state").asString()).isEqualTo(before.path("state").asString());
        assertThat(after.path("direction").asString()).isEqualTo(before.path("direction").asString());
    }

    private void verifiesAPipelineAndSaysWhatDiffers() {
        JsonNode verdict = admin.post(path() + "/verify", "{}").ok().body();

        AdminCalls.hasMembers(verdict, "pipeline", "inSync", "rowsCompared", "missing", "extra", "differing",
                "inFlight", "tookMillis");
        assertThat(verdict.path("inSync").isBoolean()).as("inSync").isTrue();
        for (String list : new String[] { "missing", "extra", "differing", "inFlight" }) {
            assertThat(verdict.path(list).isArray()).as(list).isTrue();
        }
    }

    private void listsTheStrayWritesSinceAnInstant() {
        JsonNode writes = admin.get(path() + "/stray-writes?since=2026-01-01T00:00:00Z").ok().body();

        AdminCalls.hasMembers(writes, "count", "writes");
        assertThat(writes.path("writes").isArray()).as("writes").isTrue();
    }

    private void answersNotFoundForAnUnknownPipeline() {
        String unknown = "/pipelines/" + UNKNOWN_PIPELINE;
        admin.get(unknown).problem(404);
        admin.post(unknown + "/stop", "{\"reason\":\"r\"}").problem(404);
        admin.post(unknown + "/verify", "{}").problem(404);
        admin.get(unknown + "/stray-writes?since=2026-01-01T00:00:00Z").problem(404);
    }

    private String path() {
        return "/pipelines/" + pipeline;
    }
}
