package dev.strangler.plans.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.console.ConsoleOverHttp;
import dev.strangler.plans.runner.AdminApiStub;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard as a person uses it, in a real headless Chromium against one real console (the real runner behind
 * it, shared with the plan API's tests) and a JDK HttpServer stub of the proxy's and cdc-sync's admin APIs: signing in, reading the catalogue and live
 * figures, switching a rule with a reason, moving a plan, and being refused without signing in, without the session's
 * CSRF value or from another origin. Screenshots are kept in {@code target/screenshots/}.
 */
class DashboardBrowserTests extends ConsoleOverHttp {

    static final Duration WAIT = Duration.ofSeconds(30);

    static HeadlessChromium chromium;

    static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(Files.createTempDirectory("chromium-profile"));
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void signOut() {
        browser.get(url("/dashboard/login"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void anUnauthenticatedVisitIsSentToTheSignInPageAndShowsNoData() throws Exception {
        browser.get(url("/dashboard"));

        assertThat(browser.getCurrentUrl()).isEqualTo(url("/dashboard/login"));
        assertThat(browser.findElements(By.id("catalogue"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("customers-read", "customer-service");
        assertThat(browser.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("Admin token");
        chromium.screenshot("dashboard-sign-in");
        for (String data : List.of("/dashboard/overview", "/dashboard/sync", "/dashboard/plans", "/dashboard/audit")) {
            assertThat(send("GET", data, null).statusCode()).as(data).isEqualTo(401);
        }
        // The plan API keeps its bearer token: the dashboard's paths opened nothing else.
        assertThat(send("GET", "/plans", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongTokenKeepsTheVisitorOnTheSignInPage() {
        signIn("mallory", "not-the-token-at-all");

        assertThat(browser.findElement(By.id("login-message")).getText()).isEqualTo("That token was not accepted.");
        browser.get(url("/dashboard"));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/dashboard/login"));
        assertThat(HOME.resolve("plans").resolve(LoginLog.FILE_NAME)).content().contains("\"actor\":\"mallory\"",
                "\"event\":\"refused\"");
    }

    @Test
    void aSessionCookieAloneWithoutItsCsrfValueOrFromAnotherOriginChangesNothing() throws Exception {
        signIn("ada", TOKEN);
        Cookie session = browser.manage().getCookieNamed(DashboardAccess.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        String cookie = DashboardAccess.COOKIE + "=" + session.getValue();
        String csrf = browser.findElement(By.cssSelector("meta[name=strangler-csrf]")).getAttribute("content");
        String change = "{\"mode\":\"SERVICE\",\"reason\":\"forged\"}";

        HttpResponse<String> noCsrf = send("PUT", "/dashboard/routes/customers-read", change, "Cookie", cookie,
                "Content-Type", "application/json", "If-Match", "\"customers-read-v1\"");
        HttpResponse<String> otherOrigin = send("PUT", "/dashboard/routes/customers-read", change, "Cookie", cookie,
                "X-Strangler-Csrf", csrf, "Origin", "http://evil.example", "Content-Type", "application/json",
                "If-Match", "\"customers-read-v1\"");
        HttpResponse<String> dotSegments = send("GET", "/dashboard/assets/../../plans", null, "Cookie", cookie,
                "X-Strangler-Csrf", csrf);

        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.body()).contains("X-Strangler-Csrf");
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(otherOrigin.body()).contains("Cross-origin request refused");
        assertThat(dotSegments.statusCode()).isIn(400, 404);
        assertThat(engines.changes()).isEmpty();
        assertThat(engines.rules.get("customers-read").mode).isEqualTo("MONOLITH");
    }

    @Test
    void theSignInRefusesAnotherOriginAndAReservedNameAndEveryPageCarriesTheSecurityHeaders() throws Exception {
        String form = "application/x-www-form-urlencoded";
        HttpResponse<String> otherOrigin = send("POST", "/dashboard/login", "actor=ada&token=" + TOKEN,
                "Content-Type", form, "Origin", "http://evil.example");
        HttpResponse<String> reserved = send("POST", "/dashboard/login", "actor=auto-rollback&token=" + TOKEN,
                "Content-Type", form);
        HttpResponse<String> accepted = send("POST", "/dashboard/login", "actor=ada&token=" + TOKEN,
                "Content-Type", form);

        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(otherOrigin.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(reserved.statusCode()).isEqualTo(400);
        assertThat(reserved.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/dashboard");
        assertThat(accepted.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith(DashboardAccess.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/dashboard"));
        for (HttpResponse<String> page : List.of(otherOrigin, reserved, accepted, send("GET", "/dashboard/login", null),
                send("GET", "/dashboard/assets/uplot.js", null))) {
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(page.uri().getPath())
                    .hasValue(DashboardAccess.CONTENT_SECURITY_POLICY);
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        assertThat(send("GET", "/dashboard/assets/uplot.js", null).body()).contains("uPlot");
        assertThat(send("GET", "/dashboard/assets/secrets.txt", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aPlanMoveFromThePageIsRefusedNamingTheFieldAndSigningOutEndsTheSession() throws Exception {
        engines.enter(CUSTOMERS, "extract", states);
        signIn("ada", TOKEN);
        String[] session = {"Cookie", DashboardAccess.COOKIE + "="
                + browser.manage().getCookieNamed(DashboardAccess.COOKIE).getValue(), "X-Strangler-Csrf",
                browser.findElement(By.cssSelector("meta[name=strangler-csrf]")).getAttribute("content"),
                "Content-Type", "application/json"};

        HttpResponse<String> unknownField = send("POST", "/dashboard/plans/customers/advance",
                "{\"reason\":\"ok\",\"force\":true}", session);
        HttpResponse<String> noReason = send("POST", "/dashboard/plans/customers/advance", "{}", session);
        HttpResponse<String> controlCharacters = send("POST", "/dashboard/plans/customers/advance",
                "{\"reason\":\"ok\\u001b[2J\"}", session);
        HttpResponse<String> unknownPlan = send("POST", "/dashboard/plans/nobody/advance", "{\"reason\":\"ok\"}",
                session);

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("\"field\":\"force\"");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("\"field\":\"reason\"");
        assertThat(controlCharacters.statusCode()).isEqualTo(400);
        assertThat(controlCharacters.body()).contains("\"field\":\"reason\"");
        assertThat(unknownPlan.statusCode()).isEqualTo(404);
        assertThat(engines.changes()).isEmpty();
        assertThat(states.read("customers").phase()).isEqualTo("extract");

        browser.findElement(By.id("sign-out")).click();
        until(ExpectedConditions.urlToBe(url("/dashboard/login")));
        assertThat(send("GET", "/dashboard/overview", null, session).statusCode()).isEqualTo(401);
        assertThat(HOME.resolve("plans").resolve(LoginLog.FILE_NAME)).content().contains("\"event\":\"signed-in\"",
                "\"event\":\"signed-out\"");
    }

    @Test
    void aSignedInOperatorSeesTheCatalogueAndLiveTrafficAndSwitchesARuleWithAReason() throws Exception {
        engines.metrics = AdminApiStub.metrics(List.of("customers-read monolith ok 0"));
        signIn("ada", TOKEN);

        until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#catalogue tbody tr"), 4));
        WebElement customersRead = browser.findElement(By.cssSelector("#catalogue tr[data-rule=customers-read]"));
        assertThat(customersRead.getText()).contains("customers-read", "GET HEAD", "/api/customers/**",
                "customer-service", "MONOLITH", "why of customers-read");
        assertThat(browser.findElement(By.id("actor")).getText()).isEqualTo("ada");
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-status"), "1 pipeline(s)"));

        // Live: traffic the proxy counts after the page loaded shows up without a reload.
        engines.metrics = AdminApiStub.metrics(List.of("customers-read monolith ok 2"));
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//table[@id='traffic']//tr[th='customers-read']"), "monolith: 2"));

        new Select(browser.findElement(By.id("switch-rule"))).selectByValue("customers-read");
        new Select(browser.findElement(By.id("switch-mode"))).selectByValue("SERVICE");
        browser.findElement(By.id("switch-review")).click();
        assertThat(browser.findElement(By.id("switch-result")).getText()).contains("A reason is required");
        assertThat(browser.findElement(By.id("switch-confirm")).isDisplayed()).isFalse();

        browser.findElement(By.id("switch-reason")).sendKeys("shadow clean for a week <b>no markup</b>");
        browser.findElement(By.id("switch-review")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("switch-confirm")));
        assertThat(browser.findElement(By.id("switch-confirm-text")).getText())
            .isEqualTo("Switch customers-read from MONOLITH to SERVICE? Reason: shadow clean for a week <b>no markup</b>");
        assertThat(engines.changes()).isEmpty();
        browser.findElement(By.id("switch-confirm-button")).click();

        until(ExpectedConditions.textToBe(By.id("switch-result"), "customers-read is now SERVICE."));
        assertThat(engines.changes()).containsExactly("PUT /admin/routes/customers-read SERVICE");
        assertThat(engines.actors).containsExactly("ada");
        assertThat(engines.reasons).containsExactly("shadow clean for a week <b>no markup</b>");
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#audit li:first-child"), "ada switched customers-read from MONOLITH to SERVICE"));
        WebElement newest = browser.findElement(By.cssSelector("#audit li:first-child"));
        assertThat(newest.getText()).contains("Why: shadow clean for a week <b>no markup</b>");
        assertThat(newest.findElements(By.tagName("b"))).isEmpty();
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#catalogue tr[data-rule=customers-read]"), "SERVICE"));
        assertThat(browser.findElement(By.id("migrated-endpoints")).getText()).isEqualTo("25 %");

        // A stale page: the rule changes between the review and the confirmation (its ETag moves on), so the proxy
        // refuses and the page says so. (Changed before the review, the page's next poll could fetch the new ETag.)
        new Select(browser.findElement(By.id("switch-mode"))).selectByValue("MONOLITH");
        browser.findElement(By.id("switch-reason")).sendKeys("back");
        browser.findElement(By.id("switch-review")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("switch-confirm")));
        engines.rules.get("customers-read").version++;
        browser.findElement(By.id("switch-confirm-button")).click();
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("switch-result"), "was changed meanwhile"));
        assertThat(engines.rules.get("customers-read").mode).isEqualTo("SERVICE");

        Path screenshot = chromium.screenshot("dashboard");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void whatThePageShowsStaysInPlaceAcrossPollsWhileItsFiguresAreUnchanged() {
        signIn("ada", TOKEN);
        until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#catalogue tbody tr"), 4));
        WebElement catalogueRow = browser.findElement(By.cssSelector("#catalogue tr[data-rule=customers-read]"));
        WebElement trafficRow = browser.findElement(By.cssSelector("#traffic tbody tr"));
        WebElement audit = browser.findElement(By.cssSelector("#audit li"));
        String updated = browser.findElement(By.id("updated")).getText();

        // The next poll: the page re-reads everything; what it would show is unchanged, so nothing is redrawn (a
        // redraw every 2 s loses a reader's text selection and a screen reader's place).
        until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("updated"), updated)));
        for (WebElement shown : List.of(catalogueRow, trafficRow, audit)) {
            assertThat(ExpectedConditions.stalenessOf(shown).apply(browser)).as("redrawn by an unchanged poll: %s",
                    shown).isFalse();
        }
    }

    @Test
    void aSignedInOperatorSeesEachPlansPhasesAndGatesAndAdvancesItWithAReasonAfterConfirming() throws Exception {
        engines.enter(CUSTOMERS, "shadow-reads", states);
        engines.shadow = "{\"compared\":60,\"matched\":60,\"differed\":0,\"failed\":0,\"diffRate\":0,\"latestDiffs\":[]}";
        signIn("ada", TOKEN);

        By customersPlan = By.cssSelector("#plans article[data-plan=customers]");
        until(ExpectedConditions.visibilityOfElementLocated(customersPlan));
        WebElement plan = browser.findElement(customersPlan);
        assertThat(plan.findElements(By.cssSelector("ol.phases > li"))).extracting(
                phase -> phase.getAttribute("data-phase")).containsExactlyElementsOf(
                        CUSTOMERS.phases().stream().map(phase -> phase.name()).toList());
        assertThat(plan.findElement(By.cssSelector("li[aria-current=step]")).getText()).contains("shadow-reads",
                "a copy goes to customer-service");
        assertThat(plan.findElement(By.cssSelector("table.gates tbody")).getText()).contains("PASSED");

        plan.findElement(By.cssSelector("button.plan-advance")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
        assertThat(browser.findElement(By.id("plan-dialog-title")).getText())
            .isEqualTo("Advance customers from shadow-reads to canary-reads?");
        browser.findElement(By.id("plan-confirm")).click();
        assertThat(browser.findElement(By.id("plan-dialog-error")).getText()).contains("A reason is required");
        assertThat(engines.changes()).isEmpty();
        browser.findElement(By.id("plan-reason")).sendKeys("shadow clean for a day <i>no markup</i>");
        chromium.screenshot("dashboard-plan-confirm");
        browser.findElement(By.id("plan-confirm")).click();

        until(ExpectedConditions.textToBe(By.id("plan-result"), "customers is now in phase canary-reads."));
        assertThat(engines.changes()).containsExactly("PUT /admin/routes/customers-read CANARY 25");
        assertThat(engines.actors).containsOnly("ada");
        assertThat(states.auditFile()).content().contains("\"actor\":\"ada\"",
                "shadow clean for a day <i>no markup</i>");
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#plans article[data-plan=customers] li[aria-current=step]"), "canary-reads"));
        assertThat(browser.findElement(By.id("plan-dialog")).isDisplayed()).isFalse();
        Path screenshot = chromium.screenshot("dashboard-plans");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // A failing gate (no request reached the service yet): the runner refuses, the page says which figure.
        browser.findElement(By.cssSelector("#plans article[data-plan=customers] button.plan-advance")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
        browser.findElement(By.id("plan-reason")).sendKeys("try anyway");
        browser.findElement(By.id("plan-confirm")).click();
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-result"), "Refused: "));
        assertThat(browser.findElement(By.id("plan-result")).getText()).contains("FAILED");
        assertThat(states.read("customers").phase()).isEqualTo("canary-reads");
    }

    @Test
    void theChartsShowTheLastMinutesPerRuleAndTheSyncLagWithRouteFlipsAndPlanMovesMarked() throws Exception {
        // Traffic as the proxy counts it, growing while the page is open: the console samples it every second.
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            long n = sent.addAndGet(10);
            engines.lagMillis = 100 + n;
            engines.metrics = AdminApiStub.metrics(List.of("customers-read monolith ok " + n,
                    "customers-read customer-service ok " + (n / 2), "customers-read customer-service server_error "
                            + (n / 10), "orders-read monolith ok " + (3 * n)));
        }, 0, 300, TimeUnit.MILLISECONDS);
        try {
            engines.enter(CUSTOMERS, "extract", states);
            engines.shadow = "{\"compared\":60,\"matched\":60,\"differed\":0,\"failed\":0,\"diffRate\":0,"
                    + "\"latestDiffs\":[]}";
            signIn("ada", TOKEN);
            // A plan move and a route flip while the charts run, both marked on the time axis.
            until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#plans article[data-plan=customers]")));
            browser.findElement(By.cssSelector("#plans article[data-plan=customers] button.plan-advance")).click();
            until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
            browser.findElement(By.id("plan-reason")).sendKeys("verifier clean");
            browser.findElement(By.id("plan-confirm")).click();
            until(ExpectedConditions.textToBe(By.id("plan-result"), "customers is now in phase shadow-reads."));

            By requests = By.cssSelector("#chart-rule-customers-read .chart-requests");
            until(driver -> points(driver, requests) >= 6);
            assertThat(browser.findElements(By.cssSelector("#chart-rule-customers-read canvas"))).hasSize(2);
            assertThat(browser.findElement(requests).getText()).contains("monolith", "customer-service");
            By rates = By.cssSelector("#chart-rule-customers-read .chart-rates");
            assertThat(browser.findElement(rates).getText()).contains("service errors", "monolith errors",
                    "shadow diffs");
            until(driver -> points(driver, rates) >= 2);
            until(driver -> points(driver, By.id("sync-chart")) >= 3);
            assertThat(browser.findElement(By.id("sync-chart")).getText()).contains("customers");
            until(driver -> Integer.parseInt(driver.findElement(requests).getAttribute("data-marks")) >= 2);
            assertThat(browser.findElement(By.id("chart-marks")).getText()).contains(
                    "customers-read → SHADOW by ada", "customers advance → shadow-reads by ada");

            Path screenshot = chromium.screenshot("dashboard-charts");
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        }
        finally {
            traffic.shutdownNow();
        }
    }

    private static int points(WebDriver driver, By chart) {
        List<WebElement> found = driver.findElements(chart);
        String points = found.isEmpty() ? null : found.get(0).getAttribute("data-points");
        return (points == null) ? 0 : Integer.parseInt(points);
    }

    private void signIn(String actor, String token) {
        browser.get(url("/dashboard"));
        browser.findElement(By.id("actor")).sendKeys(actor);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        until(ExpectedConditions.or(ExpectedConditions.urlToBe(url("/dashboard")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("login-message"), "not accepted")));
    }

    /** Waits for the browser to show something, polling; never sleeps a fixed time. */
    private static <T> T until(Function<? super WebDriver, T> condition) {
        return chromium.waitUpTo(WAIT).until(condition);
    }
}
