package dev.strangler.plans.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.console.ConsoleOverHttp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan API of the console over real HTTP, with the real runner behind it and a JDK HttpServer stub of the
 * engines' admin APIs in front of that (as in {@code PlanRunnerTests}): what a plan view holds, advance and rollback
 * through the runner, a failing gate as 409 naming figure and bound, and every bad request refused with a problem
 * that names the field, changing nothing. One console for the whole class (shared with the dashboard's tests); each
 * test starts from no plan state.
 */
class PlanApiTests extends ConsoleOverHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every test starts with the customers plan in shadow-reads and a clean shadow; a test changes what it needs. */
    @BeforeEach
    void customersShadowCleanly() {
        engines.enter(CUSTOMERS, "shadow-reads", states);
        engines.shadow = "{\"compared\":60,\"matched\":60,\"differed\":0,\"failed\":0,\"latestDiffs\":[]}";
    }

    private void shadowDiffering() {
        engines.shadow = "{\"compared\":200,\"matched\":180,\"differed\":20,\"failed\":0,\"latestDiffs\":[]}";
    }

    @Test
    void listsEveryPlanWithItsPhasesWhereItStandsAndItsGatesOnLiveFigures() throws Exception {
        shadowDiffering();

        HttpResponse<String> response = send("GET", "/plans", null, "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode plans = JSON.readTree(response.body());
        assertThat(plans.findValuesAsString("name")).contains("customers", "orders");
        JsonNode customers = plans.get(0);
        assertThat(customers.path("name").asString()).isEqualTo("customers");
        List<String> phases = new ArrayList<>();
        customers.path("phases").forEach(phase -> phases.add(phase.path("name").asString()));
        assertThat(phases).containsExactly("extract", "shadow-reads", "canary-reads", "serve-reads",
                "cutover-writes", "retire");
        assertThat(customers.path("phases").get(1).path("why").asString()).isEqualTo(CUSTOMERS.phase(1).why());
        assertThat(customers.path("phases").get(2).path("routes").path("customers-read").asString())
                .isEqualTo("CANARY 25%");
        assertThat(customers.path("current").path("index").asInt()).isEqualTo(1);
        assertThat(customers.path("current").path("phase").asString()).isEqualTo("shadow-reads");
        assertThat(customers.path("previous").asString()).isEqualTo("extract");
        assertThat(customers.path("next").asString()).isEqualTo("canary-reads");
        assertThat(customers.path("engines").path("reachable").asBoolean()).isTrue();
        assertThat(customers.path("gatesHold").asBoolean()).isFalse();
        assertThat(customers.path("routes").path("customers-read").asString()).isEqualTo("SHADOW");
        assertThat(customers.path("sync").path("direction").asString()).isEqualTo("FORWARD");
        JsonNode diffRate = gate(customers, "shadow diff rate");
        assertThat(diffRate.path("verdict").asString()).isEqualTo("FAILED");
        assertThat(diffRate.path("figure").asString()).startsWith("10.0% (20 of 200 differed");
        assertThat(diffRate.path("bound").asString()).isEqualTo("< 5.0%");
        assertThat(gate(customers, "shadow compared").path("verdict").asString()).isEqualTo("PASSED");
        assertThat(gate(customers, "verifier").path("verdict").asString()).isEqualTo("PASSED");

        HttpResponse<String> one = send("GET", "/plans/orders", null, "Authorization", "Bearer " + TOKEN);
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode orders = JSON.readTree(one.body());
        assertThat(orders.path("current").path("index").asInt()).isEqualTo(-1);
        assertThat(orders.path("next").asString()).isEqualTo("extract");
        assertThat(engines.changes()).isEmpty();
    }

    @Test
    void advancingWithAReasonAppliesTheNextPhaseThroughTheRunnerAndAuditsWhoAndWhy() throws Exception {
        HttpResponse<String> response = move("advance", "{\"reason\":\"shadow clean for a day\"}", "ada");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("result").asString()).isEqualTo("ADVANCED");
        assertThat(outcome.path("from").asString()).isEqualTo("shadow-reads");
        assertThat(outcome.path("to").asString()).isEqualTo("canary-reads");
        assertThat(outcome.path("applied").get(0).asString()).isEqualTo("route customers-read: SHADOW → CANARY 25%");
        assertThat(states.read("customers").phase()).isEqualTo("canary-reads");
        assertThat(engines.rules.get("customers-read").mode).isEqualTo("CANARY");
        assertThat(engines.actors).containsOnly("ada");
        assertThat(engines.reasons).allMatch(reason -> reason.startsWith("plan customers: ")
                && reason.endsWith("(shadow clean for a day)"));
        JsonNode audit = lastAudit();
        assertThat(audit.path("action").asString()).isEqualTo("advance");
        assertThat(audit.path("outcome").asString()).isEqualTo("done");
        assertThat(audit.path("actor").asString()).isEqualTo("ada");
        assertThat(audit.path("reason").asString()).isEqualTo("shadow clean for a day");

        HttpResponse<String> back = move("rollback", "{\"reason\":\"canary callers see stale emails\"}", "ada");

        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(back.body()).path("result").asString()).isEqualTo("ROLLED_BACK");
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
        assertThat(engines.rules.get("customers-read").mode).isEqualTo("SHADOW");
        assertThat(lastAudit().path("reason").asString())
                .isEqualTo("canary callers see stale emails");
    }

    @Test
    void aFailingGateIsAConflictThatNamesTheFigureAndItsBoundAndChangesNothing() throws Exception {
        shadowDiffering();

        HttpResponse<String> response = move("advance", "{\"reason\":\"looks fine to me\"}", "ada");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(409);
        assertThat(problem.path("detail").asString()).contains("gates of phase shadow-reads do not hold",
                "shadow diff rate: FAILED (10.0% (20 of 200 differed; 0 copies failed), bound < 5.0%)");
        assertThat(problem.path("failedGates")).hasSize(1);
        assertThat(problem.path("failedGates").get(0).path("bound").asString()).isEqualTo("< 5.0%");
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
        assertThat(engines.changes()).isEmpty();
        JsonNode audit = lastAudit();
        assertThat(audit.path("outcome").asString()).isEqualTo("refused");
        assertThat(audit.path("reason").asString()).isEqualTo("looks fine to me");
    }

    @Test
    void aDryRunSaysWhatWouldChangeAndChangesNothing() throws Exception {
        HttpResponse<String> response = move("advance", "{\"reason\":\"what would happen?\",\"dryRun\":true}", "ada");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("result").asString()).isEqualTo("WOULD_APPLY");
        assertThat(outcome.path("steps").get(0).asString()).isEqualTo("route customers-read: SHADOW → CANARY 25%");
        assertThat(outcome.path("applied")).isEmpty();
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
        assertThat(engines.changes()).isEmpty();
    }

    @Test
    void everyPathNeedsTheBearerToken() throws Exception {
        for (String path : List.of("/health", "/plans", "/plans/customers")) {
            HttpResponse<String> none = send("GET", path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValue(
                    "Bearer realm=\"strangler-plans\"");
            assertThat(none.body()).as(path).doesNotContain("shadow-reads");
        }
        HttpResponse<String> wrong = send("POST", "/plans/customers/advance", "{\"reason\":\"let me in\"}",
                "Authorization", "Bearer " + TOKEN + "x", "Content-Type", "application/json");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
        // The dashboard's chart sampler reads the engines meanwhile; the refused request changed nothing.
        assertThat(engines.changes()).isEmpty();
        assertThat(send("GET", "/health", null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsAreRefusedWithAProblemNamingTheFieldAndChangeNothing() throws Exception {
        String json = "application/json";
        record Case(String method, String path, String body, String type, String actor, int status, String field) {
        }
        List<Case> cases = List.of(
                new Case("POST", "/plans/customers/advance", "{}", json, "ada", 400, "reason"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"   \"}", json, "ada", 400, "reason"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":42}", json, "ada", 400, "reason"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"" + "x".repeat(501) + "\"}", json, "ada",
                        400, "reason"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"two\\nlines\"}", json, "ada", 400,
                        "reason"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"ok\",\"dryRun\":\"yes\"}", json, "ada",
                        400, "dryRun"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"ok\",\"force\":true}", json, "ada", 400,
                        "force"),
                new Case("POST", "/plans/customers/advance", "[\"ok\"]", json, "ada", 400, "body"),
                new Case("POST", "/plans/customers/advance", "reason=ok", json, "ada", 400, "body"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"ok\"}", json, "ada root", 400,
                        "X-Strangler-Actor"),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"ok\"}", json, "<script>", 400,
                        "X-Strangler-Actor"),
                new Case("POST", "/plans/customers/advance", "reason=ok", "application/x-www-form-urlencoded", "ada",
                        415, null),
                new Case("POST", "/plans/customers/advance", "{\"reason\":\"" + "x".repeat(9000) + "\"}", json, "ada",
                        413, null),
                new Case("POST", "/plans/nobody/advance", "{\"reason\":\"ok\"}", json, "ada", 404, null),
                new Case("POST", "/plans/%2e%2e/advance", "{\"reason\":\"ok\"}", json, "ada", 404, null),
                new Case("POST", "/plans/Customers/advance", "{\"reason\":\"ok\"}", json, "ada", 404, null),
                new Case("POST", "/plans/customers/retire", "{\"reason\":\"ok\"}", json, "ada", 404, null),
                new Case("GET", "/plans/customers/advance", null, json, "ada", 405, null),
                new Case("DELETE", "/plans/customers", null, json, "ada", 405, null));

        for (Case bad : cases) {
            HttpResponse<String> response = send(bad.method(), bad.path(), bad.body(), "Authorization",
                    "Bearer " + TOKEN, "Content-Type", bad.type(), "X-Strangler-Actor", bad.actor());
            String what = bad.method() + " " + bad.path() + " " + abbreviate(bad.body());
            assertThat(response.statusCode()).as(what).isEqualTo(bad.status());
            // The filters' problems (413 before any handler) name their charset; the media type is the same.
            assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(type -> assertThat(
                    type).matches("application/problem\\+json(;charset=UTF-8)?"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(bad.status());
            assertThat(problem.path("detail").asString()).as(what).isNotBlank();
            if (bad.field() != null) {
                assertThat(problem.path("field").asString()).as(what).isEqualTo(bad.field());
                assertThat(problem.path("detail").asString()).as(what).startsWith(bad.field() + ": ");
            }
        }
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
        assertThat(engines.changes()).isEmpty();
        assertThat(states.auditEntries()).isEmpty();
    }

    @Test
    void aPlanIsStillShownWhenTheEnginesCannotBeReached() throws Exception {
        engines.close();

        HttpResponse<String> response = send("GET", "/plans/customers", null, "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode plan = JSON.readTree(response.body());
        assertThat(plan.path("current").path("phase").asString()).isEqualTo("shadow-reads");
        assertThat(plan.path("engines").path("reachable").asBoolean()).isFalse();
        assertThat(plan.path("engines").path("reason").asString()).contains("Nothing answers at");
        HttpResponse<String> advance = move("advance", "{\"reason\":\"engines are down\"}", "ada");
        assertThat(advance.statusCode()).isEqualTo(503);
        assertThat(states.read("customers").phase()).isEqualTo("shadow-reads");
    }

    private JsonNode lastAudit() {
        List<JsonNode> entries = states.auditEntries();
        return entries.get(entries.size() - 1);
    }

    private static JsonNode gate(JsonNode plan, String name) {
        for (JsonNode gate : plan.path("gates")) {
            if (gate.path("gate").asString().equals(name)) {
                return gate;
            }
        }
        throw new AssertionError("no gate '" + name + "' in " + plan.path("gates"));
    }

    private HttpResponse<String> move(String action, String body, String actor) throws Exception {
        return send("POST", "/plans/customers/" + action, body, "Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json", "X-Strangler-Actor", actor);
    }

    @Test
    void aPodsProbeGetsOnlyUpOrDownWithoutATokenAndNothingElseOfTheConsoleOpens() throws Exception {
        HttpResponse<String> probe = send("GET", "/actuator/health", null);

        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(probe.body()).propertyNames()).contains("status").doesNotContain("components",
                "details");
        assertThat(JSON.readTree(probe.body()).path("status").asString()).isEqualTo("UP");
        for (String closed : List.of("/actuator/health/ping", "/actuator/info", "/actuator", "/health", "/plans")) {
            assertThat(send("GET", closed, null).statusCode()).as(closed).isEqualTo(401);
        }
        assertThat(send("GET", "/actuator/info", null, "Authorization", "Bearer " + TOKEN).statusCode())
                .as("only health is exposed").isEqualTo(404);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
