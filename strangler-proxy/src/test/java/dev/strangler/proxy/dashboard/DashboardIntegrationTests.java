package dev.strangler.proxy.dashboard;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.proxy.RunningProxy;
import dev.strangler.proxy.TestBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's sign-in and data endpoints on a real proxy with real backends and a stand-in cdc-sync admin
 * API: who gets in, what a cookie alone can and cannot do, and that the figures shown are the proxy's own.
 */
class DashboardIntegrationTests {

    static final String CDC_SYNC_TOKEN = "cdc-sync-token-from-its-file-42";

    static final String PIPELINES = "[{\"name\":\"customers\",\"state\":\"RUNNING\",\"direction\":\"FORWARD\","
            + "\"lagMillis\":412,\"applied\":{\"public.customers\":1200},\"lastError\":null,"
            + "\"strayWrites\":{\"count\":3,\"unresolved\":2,\"last\":[{\"id\":9,\"table\":\"customers\","
            + "\"key\":{\"id\":7},\"operation\":\"UPDATE\",\"lsn\":\"0/1A2B3C\",\"txId\":918,"
            + "\"commitTime\":\"2026-11-30T09:59:48Z\"}]},\"slots\":[{\"name\":"
            + "\"strangler_customers_forward\",\"active\":true,\"retainedWalBytes\":2048},{\"name\":"
            + "\"strangler_customers_reverse\",\"active\":false,\"retainedWalBytes\":5242880}]}]";

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path home;

    static TestBackend monolith;

    static TestBackend customers;

    static TestBackend orders;

    static TestBackend cdcSync;

    static RunningProxy proxy;

    static DashboardClient browser;

    @BeforeAll
    static void start() throws Exception {
        monolith = TestBackend.start("monolith");
        customers = TestBackend.start("customer-service");
        orders = TestBackend.start("order-service");
        cdcSync = TestBackend.start("cdc-sync");
        cdcSync.answerWith(DashboardIntegrationTests::cdcSyncAdminApi);
        Path tokenFile = home.resolve("cdc-sync-admin-token");
        Files.writeString(tokenFile, CDC_SYNC_TOKEN + "\n");
        Map<String, String> properties = new java.util.LinkedHashMap<>(
                RunningProxy.backends(monolith, customers, orders));
        properties.put("strangler.proxy.dashboard.cdc-sync.url", cdcSync.url());
        properties.put("strangler.proxy.dashboard.cdc-sync.token", "");
        properties.put("strangler.proxy.dashboard.cdc-sync.token-file", tokenFile.toString());
        proxy = RunningProxy.start(home.resolve("home"), properties);
        browser = new DashboardClient(proxy.adminPort());
    }

    // cdc-sync's admin API as the dashboard relies on it: root paths, its own bearer token.
    static void cdcSyncAdminApi(com.sun.net.httpserver.HttpExchange exchange, String backend, String body)
            throws java.io.IOException {
        if (!("Bearer " + CDC_SYNC_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            TestBackend.respond(exchange, 401, "application/problem+json", "{\"status\":401}");
        }
        else if ("/pipelines".equals(exchange.getRequestURI().getPath())) {
            TestBackend.respond(exchange, 200, "application/json", PIPELINES);
        }
        else {
            TestBackend.respond(exchange, 404, "application/problem+json", "{\"status\":404}");
        }
    }

    @AfterAll
    static void stop() {
        proxy.close();
        monolith.close();
        customers.close();
        orders.close();
        cdcSync.close();
    }

    @Test
    void aVisitWithoutASessionIsSentToTheSignInAndGetsNoData() {
        HttpResponse<String> page = browser.send("GET", "/admin/dashboard", null);
        HttpResponse<String> login = browser.send("GET", "/admin/login", null);

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/admin/login");
        assertThat(page.body()).doesNotContain("customers-read");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form method=\"post\" action=\"/admin/login\"", "<label for=\"token\">")
            .doesNotContain("customers-read");
        for (String data : List.of("/admin/dashboard/overview", "/admin/dashboard/sync", "/admin/routes",
                "/admin/audit")) {
            HttpResponse<String> refused = browser.send("GET", data, null);
            assertThat(refused.statusCode()).as(data).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(data).isPresent();
            assertThat(refused.body()).as(data).doesNotContain("customers-read");
        }
    }

    @Test
    void aWrongTokenSignsNobodyInAndIsLogged() throws Exception {
        HttpResponse<String> refused = browser.signInForm("mallory", RunningProxy.TOKEN + "x");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(refused.body()).contains("That token was not accepted.");
        assertThat(Files.readString(home.resolve("home/proxy/" + LoginLog.FILE_NAME)))
            .contains("\"actor\":\"mallory\"", "\"event\":\"refused\"");
    }

    @Test
    void signingInSetsAStrictHttpOnlySessionCookieForTheAdminPathOnlyAndIsLogged() throws Exception {
        HttpResponse<String> login = browser.signInForm("ada", RunningProxy.TOKEN);

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/admin/dashboard");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Dashboard.COOKIE + "=").contains("; Path=/admin", "; SameSite=Strict",
                "; Max-Age=28800");
        assertThat(cookie.toLowerCase(java.util.Locale.ROOT)).contains("; httponly");
        assertThat(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))).hasSizeGreaterThanOrEqualTo(43)
            .doesNotContain(RunningProxy.TOKEN);
        assertThat(Files.readString(home.resolve("home/proxy/" + LoginLog.FILE_NAME)))
            .contains("\"actor\":\"ada\"", "\"event\":\"signed-in\"");
    }

    @Test
    void aSessionCookieWithoutTheCsrfValueOpensOnlyThePage() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        String before = proxy.admin("GET", "/admin/routes/orders-write", null).body();

        HttpResponse<String> page = browser.send("GET", "/admin/dashboard", null, "Cookie", session.cookieHeader());
        HttpResponse<String> overview = browser.send("GET", "/admin/dashboard/overview", null, "Cookie",
                session.cookieHeader());
        HttpResponse<String> put = browser.send("PUT", "/admin/routes/orders-write",
                "{\"mode\":\"SERVICE\",\"reason\":\"forged\"}", "Cookie", session.cookieHeader());
        HttpResponse<String> wrongCsrf = browser.send("PUT", "/admin/routes/orders-write",
                "{\"mode\":\"SERVICE\",\"reason\":\"forged\"}", "Cookie", session.cookieHeader(),
                Dashboard.CSRF_HEADER, session.csrf() + "x");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                (csp) -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(overview.statusCode()).isEqualTo(403);
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        assertThat(proxy.admin("GET", "/admin/routes/orders-write", null).body()).isEqualTo(before);
    }

    @Test
    void aCrossOriginCallIsRefusedEvenWithTheCsrfValue() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        String before = proxy.admin("GET", "/admin/routes/orders-write", null).body();

        HttpResponse<String> put = browser.asPage(session, "PUT", "/admin/routes/orders-write",
                "{\"mode\":\"SERVICE\",\"reason\":\"forged\"}", "Origin", "http://evil.example");
        HttpResponse<String> login = browser.signInForm("ada", RunningProxy.TOKEN, "Origin", "http://evil.example");

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(login.statusCode()).isEqualTo(403);
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(proxy.admin("GET", "/admin/routes/orders-write", null).body()).isEqualTo(before);
    }

    @Test
    void aSessionSwitchesARuleThroughTheAdminApiUnderTheSignedInName() throws Exception {
        DashboardClient.Session session = browser.signIn("grace", RunningProxy.TOKEN);
        String etag = proxy.admin("GET", "/admin/routes/customers-read", null).headers().firstValue("ETag")
            .orElseThrow();

        HttpResponse<String> put = browser.asPage(session, "PUT", "/admin/routes/customers-read",
                "{\"mode\":\"SERVICE\",\"reason\":\"shadow clean for a week\"}", "If-Match", etag,
                "X-Strangler-Actor", "someone-else", "Origin", "http://127.0.0.1:" + proxy.adminPort());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(proxy.get("/api/customers/1").headers().firstValue("X-Strangler-Target"))
            .hasValue("customer-service");
        HttpResponse<String> audit = browser.asPage(session, "GET", "/admin/audit?limit=5", null);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("\"actor\":\"grace\"", "shadow clean for a week")
            .doesNotContain("someone-else");
    }

    @Test
    void signingOutEndsTheSession() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);

        HttpResponse<String> logout = browser.asPage(session, "POST", "/admin/logout", null);
        HttpResponse<String> after = browser.asPage(session, "GET", "/admin/dashboard/overview", null);

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                (cookie) -> assertThat(cookie).contains("Max-Age=0"));
        assertThat(after.statusCode()).isEqualTo(401);
    }

    @Test
    void theOverviewCountsTrafficPerRuleAndBackendAndTheShareServedByServices() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        JsonNode before = overview(session);
        proxy.switchRule("orders-read", "SERVICE", 0);

        proxy.get("/api/orders/7");
        proxy.get("/api/orders/8");
        proxy.send("POST", "/api/orders", "{}");
        JsonNode after = overview(session);

        assertThat(count(after, "orders-read", "order-service") - count(before, "orders-read", "order-service"))
            .isEqualTo(2);
        assertThat(count(after, "orders-write", "monolith") - count(before, "orders-write", "monolith")).isEqualTo(1);
        JsonNode migrated = after.get("migrated");
        long requests = migrated.get("requests").asLong();
        long toServices = migrated.get("requestsToServices").asLong();
        assertThat(requests - migrated.get("requestsToServices").asLong())
            .isGreaterThanOrEqualTo(before.get("migrated").get("requests").asLong()
                    - before.get("migrated").get("requestsToServices").asLong() + 1);
        assertThat(migrated.get("byRequests").asDouble()).isCloseTo((double) toServices / requests,
                org.assertj.core.data.Offset.offset(1e-9));
        double onServices = 0;
        for (JsonNode rule : after.get("rules")) {
            onServices += switch (rule.get("mode").asString()) {
                case "SERVICE" -> 1.0;
                case "CANARY" -> rule.get("percent").asInt() / 100.0;
                default -> 0.0;
            };
        }
        assertThat(onServices).isGreaterThanOrEqualTo(1.0);
        assertThat(migrated.get("byEndpoints").asDouble()).isCloseTo(onServices / 4,
                org.assertj.core.data.Offset.offset(1e-9));
        JsonNode rule = rule(after, "orders-read");
        assertThat(rule.get("mode").asString()).isEqualTo("SERVICE");
        assertThat(rule.get("why").asString()).startsWith("Order reads move after customers");
        assertThat(rule.get("path").asString()).isEqualTo("/api/orders/**");
    }

    @Test
    void theSyncPanelReadsCdcSyncServerSideWithCdcSyncsOwnToken() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        cdcSync.forget();

        JsonNode sync = JSON.readTree(browser.asPage(session, "GET", "/admin/dashboard/sync", null).body());

        assertThat(sync.get("reachable").asBoolean()).isTrue();
        JsonNode pipeline = sync.get("pipelines").get(0);
        assertThat(pipeline.get("name").asString()).isEqualTo("customers");
        assertThat(pipeline.get("direction").asString()).isEqualTo("FORWARD");
        assertThat(pipeline.get("state").asString()).isEqualTo("RUNNING");
        assertThat(pipeline.get("lagMillis").asLong()).isEqualTo(412);
        assertThat(pipeline.get("strayWrites").get("count").asLong()).isEqualTo(3);
        assertThat(pipeline.get("strayWrites").get("unresolved").asLong()).isEqualTo(2);
        assertThat(pipeline.get("strayWrites").get("last").get(0).asString())
            .isEqualTo("UPDATE customers {\"id\":7} at 2026-11-30T09:59:48Z (tx 918)");
        assertThat(pipeline.get("retainedWalBytes").asLong()).isEqualTo(5242880);
        assertThat(cdcSync.received()).singleElement().satisfies((request) -> {
            assertThat(request.rawPath()).isEqualTo("/pipelines");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + CDC_SYNC_TOKEN);
            assertThat(request.header("Cookie")).isNull();
        });
    }

    @Test
    void theSyncPanelSaysSoWhenCdcSyncRefusesTheToken() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);
        cdcSync.answerStatus(401);
        try {
            JsonNode sync = JSON.readTree(browser.asPage(session, "GET", "/admin/dashboard/sync", null).body());

            assertThat(sync.get("reachable").asBoolean()).isFalse();
            assertThat(sync.get("reason").asString()).contains("refused the dashboard's token");
        }
        finally {
            cdcSync.answerWith(DashboardIntegrationTests::cdcSyncAdminApi);
        }
    }

    @Test
    void withoutAPlanApiThePlansPanelSaysPlansAreNotConnectedAndNoMoveIsMade() {
        DashboardClient.Session session = browser.signIn("ada", RunningProxy.TOKEN);

        JsonNode view = JSON.readTree(browser.asPage(session, "GET", "/admin/dashboard/plans", null).body());
        HttpResponse<String> advance = browser.asPage(session, "POST", "/admin/dashboard/plans/customers/advance",
                "{\"reason\":\"go\"}");

        assertThat(view.path("connected").asBoolean()).isFalse();
        assertThat(view.path("reason").asString()).contains("plans are not connected",
                "strangler.proxy.dashboard.plans.url");
        assertThat(advance.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(advance.body()).path("detail").asString()).contains("Plans are not connected");
    }

    @Test
    void bearerTokenCallersReadTheDashboardDataWithoutASession() {
        HttpResponse<String> overview = proxy.admin("GET", "/admin/dashboard/overview", null);

        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(overview.body()).get("rules")).hasSize(4);
    }

    private static JsonNode overview(DashboardClient.Session session) {
        HttpResponse<String> response = browser.asPage(session, "GET", "/admin/dashboard/overview", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode rule(JsonNode overview, String id) {
        for (JsonNode rule : overview.get("rules")) {
            if (rule.get("id").asString().equals(id)) {
                return rule;
            }
        }
        throw new AssertionError("No rule " + id + " in " + overview);
    }

    private static long count(JsonNode overview, String rule, String target) {
        JsonNode value = rule(overview, rule).get("traffic").get("byTarget").get(target);
        return (value != null) ? value.asLong() : 0;
    }

}
