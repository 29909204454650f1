package dev.strangler.proxy.dashboard;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.strangler.proxy.RunningProxy;
import dev.strangler.proxy.TestBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a person uses it, in a real headless Chromium against the real proxy with real backends:
 * signing in, reading the catalogue and live figures, switching a rule with a reason, and being refused without
 * signing in. Screenshots are kept in {@code target/screenshots/}.
 */
class DashboardBrowserTests {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path temp;

    static TestBackend monolith;

    static TestBackend customers;

    static TestBackend orders;

    static PlanApiStub plans;

    static RunningProxy proxy;

    static HeadlessChromium chromium;

    static WebDriver browser;

    @BeforeAll
    static void start() {
        chromium = HeadlessChromium.start(temp.resolve("chromium-profile"));
        browser = chromium.driver();
        monolith = TestBackend.start("monolith");
        customers = TestBackend.start("customer-service");
        orders = TestBackend.start("order-service");
        // No cdc-sync runs: a port that was just freed, so the sync panel must say so rather than break.
        TestBackend gone = TestBackend.start("cdc-sync");
        String nobody = gone.url();
        gone.close();
        Map<String, String> properties = new java.util.LinkedHashMap<>(
                RunningProxy.backends(monolith, customers, orders));
        properties.put("strangler.proxy.dashboard.cdc-sync.url", nobody);
        properties.put("strangler.proxy.dashboard.cdc-sync.token", "cdc-sync-token-0123456789");
        plans = new PlanApiStub();
        properties.put("strangler.proxy.dashboard.plans.url", plans.url());
        properties.put("strangler.proxy.dashboard.plans.token", PlanApiStub.TOKEN);
        proxy = RunningProxy.start(temp.resolve("home"), properties);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (proxy != null) {
            proxy.close();
            monolith.close();
            customers.close();
            orders.close();
        }
        if (plans != null) {
            plans.close();
        }
    }

    @BeforeEach
    void signOut() {
        browser.get(admin("/admin/login"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void anUnauthenticatedVisitIsSentToTheSignInPageAndShowsNoData() {
        browser.get(admin("/admin/dashboard"));

        assertThat(browser.getCurrentUrl()).isEqualTo(admin("/admin/login"));
        assertThat(browser.findElements(By.id("catalogue"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("customers-read", "customer-service");
        assertThat(browser.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("Admin token");
        chromium.screenshot("dashboard-sign-in");
        for (String data : List.of("/admin/dashboard/overview", "/admin/dashboard/sync", "/admin/audit")) {
            HttpResponse<String> refused = proxy.adminWithoutToken("GET", data, null);
            assertThat(refused.statusCode()).as(data).isEqualTo(401);
        }
    }

    @Test
    void aWrongTokenKeepsTheVisitorOnTheSignInPage() {
        signIn("mallory", "not-the-token-at-all");

        assertThat(browser.findElement(By.id("login-message")).getText()).isEqualTo("That token was not accepted.");
        browser.get(admin("/admin/dashboard"));
        assertThat(browser.getCurrentUrl()).isEqualTo(admin("/admin/login"));
    }

    @Test
    void aSignedInOperatorSeesTheCatalogueAndLiveTrafficAndSwitchesARuleWithAReason() throws Exception {
        signIn("ada", RunningProxy.TOKEN);

        until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#catalogue tbody tr"), 4));
        WebElement customersRead = browser.findElement(By.cssSelector("#catalogue tr[data-rule=customers-read]"));
        assertThat(customersRead.getText()).contains("customers-read", "GET HEAD", "/api/customers/**",
                "customer-service", "MONOLITH", "Customer reads move first");
        assertThat(browser.findElement(By.id("actor")).getText()).isEqualTo("ada");
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-status"),
                "cdc-sync unreachable"));

        // Live: traffic sent after the page loaded shows up without a reload.
        proxy.get("/api/customers/1");
        proxy.get("/api/customers/2");
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
        assertThat(proxy.get("/api/customers/1").headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        browser.findElement(By.id("switch-confirm-button")).click();

        until(ExpectedConditions.textToBe(By.id("switch-result"),
                "customers-read is now SERVICE."));
        HttpResponse<String> read = proxy.get("/api/customers/1");
        assertThat(read.headers().firstValue("X-Strangler-Target")).hasValue("customer-service");
        assertThat(read.body()).contains("\"backend\":\"customer-service\"");
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#audit li:first-child"), "ada switched customers-read from MONOLITH to SERVICE"));
        WebElement newest = browser.findElement(By.cssSelector("#audit li:first-child"));
        assertThat(newest.getText()).contains("Why: shadow clean for a week <b>no markup</b>");
        assertThat(newest.findElements(By.tagName("b"))).isEmpty();
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#catalogue tr[data-rule=customers-read]"), "SERVICE"));
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//table[@id='traffic']//tr[th='customers-read']"), "customer-service: 1"));
        assertThat(browser.findElement(By.id("migrated-endpoints")).getText()).isEqualTo("25 %");
        assertThat(Files.readString(temp.resolve("home/proxy/audit.jsonl"))).contains("\"actor\":\"ada\"",
                "shadow clean for a week");

        Path screenshot = chromium.screenshot("dashboard");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void aSignedInOperatorSeesEachPlansPhasesAndGatesAndAdvancesItWithAReasonAfterConfirming() throws Exception {
        plans.current = 1;
        plans.failingGate = null;
        plans.moves.clear();
        signIn("ada", RunningProxy.TOKEN);

        By customersPlan = By.cssSelector("#plans article[data-plan=customers]");
        until(ExpectedConditions.visibilityOfElementLocated(customersPlan));
        WebElement plan = browser.findElement(customersPlan);
        assertThat(plan.findElements(By.cssSelector("ol.phases > li"))).extracting(
                (phase) -> phase.getAttribute("data-phase")).containsExactlyElementsOf(PlanApiStub.PHASES);
        assertThat(plan.findElement(By.cssSelector("li[aria-current=step]")).getText()).contains("shadow-reads",
                "why of shadow-reads");
        assertThat(plan.findElement(By.cssSelector("table.gates tbody tr")).getText()).contains("shadow diff rate",
                "PASSED", "0.0% (0 of 60 differed", "< 5.0%");
        assertThat(plan.findElement(By.cssSelector("table.gates ul.gate-details")).getText())
            .isEqualTo("GET /api/customers/7 [/email]");

        plan.findElement(By.cssSelector("button.plan-advance")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
        assertThat(browser.findElement(By.id("plan-dialog-title")).getText())
            .isEqualTo("Advance customers from shadow-reads to canary-reads?");
        browser.findElement(By.id("plan-confirm")).click();
        assertThat(browser.findElement(By.id("plan-dialog-error")).getText()).contains("A reason is required");
        assertThat(plans.moves).isEmpty();
        browser.findElement(By.id("plan-reason")).sendKeys("shadow clean for a day <i>no markup</i>");
        chromium.screenshot("dashboard-plan-confirm");
        browser.findElement(By.id("plan-confirm")).click();

        until(ExpectedConditions.textToBe(By.id("plan-result"), "customers is now in phase canary-reads."));
        assertThat(plans.moves).containsExactly("ada advance shadow clean for a day <i>no markup</i>");
        until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#plans article[data-plan=customers] li[aria-current=step]"), "canary-reads"));
        assertThat(browser.findElement(By.id("plan-dialog")).isDisplayed()).isFalse();
        Path screenshot = chromium.screenshot("dashboard-plans");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // A failing gate: the plan API refuses, and the page says which figure against which bound.
        plans.failingGate = "shadow diff rate: FAILED (10.0% (20 of 200 differed; 0 copies failed), bound < 5.0%)";
        browser.findElement(By.cssSelector("#plans article[data-plan=customers] button.plan-advance")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
        browser.findElement(By.id("plan-reason")).sendKeys("try anyway");
        browser.findElement(By.id("plan-confirm")).click();
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-result"),
                "Refused: gates of phase canary-reads do not hold: shadow diff rate: FAILED (10.0%"));
        assertThat(plans.current).isEqualTo(2);
    }

    private static void signIn(String actor, String token) {
        browser.get(admin("/admin/dashboard"));
        browser.findElement(By.id("actor")).sendKeys(actor);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        until(ExpectedConditions.or(ExpectedConditions.urlToBe(admin("/admin/dashboard")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("login-message"), "not accepted")));
    }

    private static String admin(String path) {
        return "http://127.0.0.1:" + proxy.adminPort() + path;
    }

    /** Waits for the browser to show something, polling; never sleeps a fixed time. */
    private static <T> T until(Function<? super WebDriver, T> condition) {
        return chromium.waitUpTo(WAIT).until(condition);
    }

}
