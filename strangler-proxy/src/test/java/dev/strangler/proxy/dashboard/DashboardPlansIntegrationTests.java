package dev.strangler.proxy.dashboard;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.proxy.RunningProxy;
import dev.strangler.proxy.TestBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's Plans panel on a real proxy: it reads and moves plans server-side through the plan admin API (a
 * real HTTP stand-in, {@link PlanApiStub}) with that API's own token, as the signed-in person and with their
 * reason, under the same session and CSRF rules as a rule switch; a bad move never leaves the proxy.
 */
class DashboardPlansIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path home;

    static TestBackend monolith;

    static TestBackend customers;

    static TestBackend orders;

    static PlanApiStub plans;

    static RunningProxy proxy;

    static DashboardClient browser;

    @BeforeAll
    static void start() {
        monolith = TestBackend.start("monolith");
        customers = TestBackend.start("customer-service");
        orders = TestBackend.start("order-service");
        plans = new PlanApiStub();
        Map<String, String> properties = new java.util.LinkedHashMap<>(
                RunningProxy.backends(monolith, customers, orders));
        properties.put("strangler.proxy.dashboard.plans.url", plans.url());
        properties.put("strangler.proxy.dashboard.plans.token", PlanApiStub.TOKEN);
        proxy = RunningProxy.start(home.resolve("home"), properties);
        browser = new DashboardClient(proxy.adminPort());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        monolith.close();
        customers.close();
        orders.close();
        plans.close();
    }

    @BeforeEach
    void shadowReads() {
        plans.current = 1;
        plans.failingGate = null;
        plans.moves.clear();
    }

    @Test
    void theSessionReadsThePlansServerSideWithThePlanApisOwnToken() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);

        HttpResponse<String> response = browser.asPage(session, "GET", "/admin/dashboard/plans", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(response.body());
        assertThat(view.path("connected").asBoolean()).isTrue();
        JsonNode plan = view.path("plans").get(0);
        assertThat(plan.path("name").asString()).isEqualTo("customers");
        assertThat(plan.path("current").path("phase").asString()).isEqualTo("shadow-reads");
        assertThat(plan.path("phases")).hasSize(6);
        assertThat(plan.path("gates").get(0).path("bound").asString()).isEqualTo("< 5.0%");
        assertThat(response.body()).doesNotContain(PlanApiStub.TOKEN);
        TestBackend.Received read = plans.received().get(plans.received().size() - 1);
        assertThat(read.header("Authorization")).isEqualTo("Bearer " + PlanApiStub.TOKEN);
    }

    @Test
    void aMoveIsMadeAsTheSignedInPersonWithTheirReason() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);

        HttpResponse<String> advance = browser.asPage(session, "POST", "/admin/dashboard/plans/customers/advance",
                "{\"reason\":\"shadow clean for a day\"}", "X-Strangler-Actor", "mallory");

        assertThat(advance.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(advance.body()).path("to").asString()).isEqualTo("canary-reads");
        HttpResponse<String> back = browser.asPage(session, "POST", "/admin/dashboard/plans/customers/rollback",
                "{\"reason\":\"stale emails\",\"dryRun\":true}");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(plans.moves).containsExactly("ada advance shadow clean for a day",
                "ada rollback stale emails (dry run)");
    }

    @Test
    void aFailingGateComesBackAsTheConflictThatNamesTheFigureAndItsBound() {
        plans.failingGate = "shadow diff rate: FAILED (10.0% (20 of 200 differed; 0 copies failed), bound < 5.0%)";
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);

        HttpResponse<String> refused = browser.asPage(session, "POST", "/admin/dashboard/plans/customers/advance",
                "{\"reason\":\"looks fine\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(refused.body()).path("detail").asString())
            .contains("shadow diff rate: FAILED (10.0%", "bound < 5.0%");
        assertThat(plans.current).isEqualTo(1);
    }

    @Test
    void withoutASessionOrItsCsrfValueNoMoveReachesThePlanApi() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        String path = "/admin/dashboard/plans/customers/advance";
        String body = "{\"reason\":\"sneaky\"}";

        HttpResponse<String> cookieOnly = browser.send("POST", path, body, "Cookie", session.cookieHeader());
        HttpResponse<String> crossOrigin = browser.asPage(session, "POST", path, body, "Origin",
                "http://evil.example");
        HttpResponse<String> nobody = browser.send("POST", path, body);

        assertThat(cookieOnly.statusCode()).isEqualTo(403);
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(plans.moves).isEmpty();
    }

    @Test
    void aBadMoveIsRefusedByTheProxyNamingTheFieldAndNeverSent() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        record Case(String path, String body, int status, String field) {
        }
        String advance = "/admin/dashboard/plans/customers/advance";
        List<Case> cases = List.of(new Case(advance, "{}", 400, "reason"),
                new Case(advance, "{\"reason\":\"  \"}", 400, "reason"),
                new Case(advance, "{\"reason\":\"" + "x".repeat(501) + "\"}", 400, "reason"),
                new Case(advance, "{\"reason\":\"a\\u0000b\"}", 400, "reason"),
                new Case(advance, "{\"reason\":\"ok\",\"dryRun\":\"yes\"}", 400, "dryRun"),
                new Case(advance, "{\"reason\":\"ok\",\"allowUnavailableGates\":true}", 400, "allowUnavailableGates"),
                new Case(advance, "not json", 400, "body"),
                new Case("/admin/dashboard/plans/Customers/advance", "{\"reason\":\"ok\"}", 400, "plan"),
                new Case("/admin/dashboard/plans/customers/retire", "{\"reason\":\"ok\"}", 404, null));

        for (Case bad : cases) {
            HttpResponse<String> response = browser.asPage(session, "POST", bad.path(), bad.body());
            assertThat(response.statusCode()).as(bad.toString()).isEqualTo(bad.status());
            assertThat(response.headers().firstValue("Content-Type")).as(bad.toString())
                .hasValue("application/problem+json");
            if (bad.field() != null) {
                assertThat(JSON.readTree(response.body()).path("field").asString()).as(bad.toString())
                    .isEqualTo(bad.field());
            }
        }
        assertThat(plans.moves).isEmpty();
    }

}
