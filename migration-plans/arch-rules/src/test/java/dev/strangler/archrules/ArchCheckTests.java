package dev.strangler.archrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.plans.plan.PlanHeader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ArchCheckTests {

    /** The compiled fixtures; ArchCheck reads them the way the CLI reads a module's target/classes. */
    private static final Path FIXTURE_SHOP = Path.of("target", "test-classes", "fixtures", "shop");
    private static final Path FIXTURE_ORDER_SERVICE = Path.of("target", "test-classes", "fixtures", "services",
            "orderservice");

    @Test
    void reportNamesEachRuleItsReasonAndTheOffendingClassAndLine() {
        ArchReport report = ArchCheck.run(FIXTURE_SHOP, Optional.of(Fixtures.CUSTOMERS));

        assertThat(report.violationCount()).isPositive();
        assertThat(report.plans()).containsExactly("customers");
        assertThat(report.text())
                .contains("FAILED  modules of fixtures.shop reach each other only through their API package")
                .contains("because a module's internals are private to it")
                .contains("ShortcutOrderPlacement.canPlace(long)> calls method", "(ShortcutOrderPlacement.java:15)")
                .contains("FAILED  tables of a module being extracted {customers=[customers]}")
                .contains("(OrderReport.java:12) owned by module customers")
                .contains("PASSED  code of fixtures.shop writes no table whose writes are cut over")
                .contains(report.violationCount() + " violations");
    }

    @Test
    void decommissionCheckRunsOnlyTheWriteCutoverRuleWithTheCutoverInForce() {
        ArchReport report = ArchCheck.writesCutOver(FIXTURE_SHOP, Fixtures.CUSTOMERS);

        assertThat(Fixtures.CUSTOMERS.writesCutOver()).isFalse();
        assertThat(report.results()).singleElement().satisfies(result -> {
            assertThat(result.rule()).startsWith("code of fixtures.shop writes no table whose writes are cut over "
                    + "to a service [customers]");
            assertThat(result.violations()).anyMatch(violation -> violation.contains("CustomerRegistration.java:7"));
        });
        assertThat(report.passed()).isFalse();
    }

    @Test
    void decommissionCheckPassesOnceNoCodeWritesThePlansTables() {
        ArchReport report = ArchCheck.writesCutOver(FIXTURE_SHOP.resolve("system"), Fixtures.CUSTOMERS);

        assertThat(report.classCount()).isPositive();
        assertThat(report.passed()).isTrue();
    }

    @Test
    void decommissionCheckRefusesClassesWithoutTheMonolithsPackage() {
        assertThatThrownBy(() -> ArchCheck.writesCutOver(FIXTURE_ORDER_SERVICE, Fixtures.CUSTOMERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no class of the monolith's package fixtures.shop");
    }

    @Test
    void withoutPlansTheBasePackageIsInferredAndModuleRulesRun() {
        ArchReport report = ArchCheck.run(FIXTURE_SHOP, Optional.empty());

        assertThat(report.results()).extracting(ArchReport.RuleResult::rule).containsExactly(
                "modules of fixtures.shop are free of cycles",
                "modules of fixtures.shop reach each other only through their API package (the module's top-level "
                        + "package; shared: [system])");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void serviceCodeGetsTheServiceRules() {
        ArchReport report = ArchCheck.run(FIXTURE_ORDER_SERVICE, Fixtures.PLANS);

        assertThat(report.results()).extracting(ArchReport.RuleResult::rule).containsExactly(
                "services [customer-service, order-service] never depend on monolith classes [fixtures.shop]",
                "services [customer-service, order-service] use only their own tables, none of another service or "
                        + "of the monolith's shared schema");
        assertThat(report.text()).contains("(LegacyShortcut.java:9)", "(CustomerPeek.java:7)");
    }

    @Test
    void commandPrintsTheReportAndExitsNonZeroOnViolations() {
        StringWriter out = new StringWriter();
        CommandLine command = ArchCheckCommand.commandLine().setOut(new PrintWriter(out));

        int exitCode = command.execute(FIXTURE_SHOP.toString(), "--no-plans");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).startsWith("Architecture check of " + FIXTURE_SHOP + ": ")
                .contains("FAILED  modules of fixtures.shop are free of cycles");
    }

    @Test
    void commandNeverPassesWhenNoRuleApplied() {
        StringWriter out = new StringWriter();
        int exitCode = ArchCheckCommand.commandLine().setOut(new PrintWriter(out))
                .execute(Path.of("target", "test-classes", "fixtures", "kit", "proxy").toString(), "--no-plans");

        // The proxy fixture has no modules below its base package, so no rule applies: nothing was checked.
        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("0 of 0").contains("no rule applied to these classes");
    }

    @Test
    void plansOfAnotherMonolithRunOnlyTheGenericRulesAndSaySo() {
        PlanHeader elsewhere = new PlanHeader("visits", "Visits move first.",
                new PlanHeader.Monolith("com.example.clinic", "visits", List.of("visits")),
                new PlanHeader.Service("visit-service", "com.example.visitservice", List.of("visit")), false);

        ArchReport report = ArchCheck.run(FIXTURE_SHOP, List.of(elsewhere));

        assertThat(report.results()).extracting(ArchReport.RuleResult::rule)
                .contains("modules of fixtures.shop are free of cycles");
        assertThat(report.text()).contains("no plan names these classes (plans visits: com.example.clinic); "
                + "ran the generic rules only, base package fixtures.shop inferred");
    }

    @Test
    void commandRejectsWhatIsNeitherDirectoryNorJar() {
        StringWriter err = new StringWriter();
        int exitCode = ArchCheckCommand.commandLine().setErr(new PrintWriter(err)).execute("no-such-dir", "--no-plans");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("archcheck: no-such-dir: is neither a classes directory nor a jar");
    }
}
