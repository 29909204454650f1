package dev.strangler.archrules;

import static dev.strangler.archrules.Fixtures.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

class KitRulesTests {

    private final ArchRule proxyIsIndependent = KitRules.engineIsIndependent("fixtures.kit", "proxy", "sync", "plans");
    private final ArchRule supportKnowsNoEngine = KitRules.supportKnowsNoEngine("fixtures.kit", "proxy", "sync",
            "plans");
    private final ArchRule printOnlyInTheCliOutputLayer = KitRules.standardStreamsOnlyIn(KitRules.CLI_OUTPUT_PACKAGES);

    @Test
    void engineUsingAnotherEnginesClassFails() {
        ArchReport.RuleResult result = ArchCheck.result(proxyIsIndependent,
                classes("fixtures.kit.proxy.SyncPeek", "fixtures.kit.sync.ChangeApplier"));

        assertThat(result.rule()).isEqualTo("the proxy engine (fixtures.kit.proxy..) depends on no class of "
                + "[fixtures.kit.sync.., fixtures.kit.plans..]");
        assertThat(result.reason()).startsWith("the engines are standalone");
        assertThat(result.violations()).anySatisfy(violation -> assertThat(violation)
                .contains("SyncPeek.lagging(fixtures.kit.sync.ChangeApplier)> calls method "
                        + "<fixtures.kit.sync.ChangeApplier.pending()>")
                .endsWith("(SyncPeek.java:9)"));
    }

    @Test
    void independentEnginesPass() {
        assertThat(proxyIsIndependent.evaluate(classes("fixtures.kit.proxy.RouteTable", "fixtures.kit.sync.ChangeApplier"))
                .hasViolation()).isFalse();
    }

    @Test
    void sharedSupportUsingAnEngineClassFails() {
        ArchReport.RuleResult result = ArchCheck.result(supportKnowsNoEngine, classes("fixtures.kit.support.LineNumbers",
                "fixtures.kit.support.PlanAwareSchemas", "fixtures.kit.plans.cli.output.ConsoleReport"));

        assertThat(result.rule()).isEqualTo("the support libraries (fixtures.kit.support..) depend on no class of "
                + "[fixtures.kit.proxy.., fixtures.kit.sync.., fixtures.kit.plans..]");
        assertThat(result.violations()).isNotEmpty().allSatisfy(violation -> assertThat(violation)
                .contains("PlanAwareSchemas").doesNotContain("LineNumbers"));
        assertThat(supportKnowsNoEngine.evaluate(classes("fixtures.kit.support.LineNumbers")).hasViolation()).isFalse();
    }

    @Test
    void anEngineUsingTheSupportLibrariesPasses() {
        assertThat(proxyIsIndependent.evaluate(classes("fixtures.kit.proxy.AdminGate",
                "fixtures.kit.support.admin.Token")).hasViolation()).isFalse();
        assertThat(supportKnowsNoEngine.evaluate(classes("fixtures.kit.proxy.AdminGate",
                "fixtures.kit.support.admin.Token")).hasViolation()).isFalse();
    }

    @Test
    void supportCodeUsingAnEngineFails() {
        ArchReport.RuleResult result = ArchCheck.result(supportKnowsNoEngine,
                classes("fixtures.kit.support.admin.RouteAwareToken", "fixtures.kit.proxy.RouteTable"));

        assertThat(result.rule()).isEqualTo("the support libraries (fixtures.kit.support..) depend on no class of "
                + "[fixtures.kit.proxy.., fixtures.kit.sync.., fixtures.kit.plans..]");
        assertThat(result.violations()).anySatisfy(violation -> assertThat(violation)
                .contains("RouteAwareToken.allows(fixtures.kit.proxy.RouteTable, java.lang.String)> calls method "
                        + "<fixtures.kit.proxy.RouteTable.backendFor(java.lang.String)>"));
    }

    @Test
    void fieldInjectionFails() {
        ArchReport.RuleResult result = ArchCheck.result(KitRules.noFieldInjection(),
                classes("fixtures.kit.sync.FieldInjectedApplier"));

        assertThat(result.rule()).isEqualTo("no field is injected (@Autowired, @Inject, @Value)");
        assertThat(result.violations()).singleElement().asString()
                .contains("fixtures.kit.sync.FieldInjectedApplier.applier", "(FieldInjectedApplier.java:0)");
    }

    @Test
    void constructorInjectionPasses() {
        assertThat(KitRules.noFieldInjection().evaluate(classes("fixtures.kit.proxy.RouteTable")).hasViolation())
                .isFalse();
    }

    @Test
    void printingOutsideTheCliOutputLayerFails() {
        ArchReport.RuleResult result = ArchCheck.result(printOnlyInTheCliOutputLayer,
                classes("fixtures.kit.plans.ChattyRunner", "fixtures.kit.plans.cli.output.ConsoleReport"));

        assertThat(result.reason()).startsWith("services log through SLF4J");
        assertThat(result.violations()).singleElement().asString()
                .contains("ChattyRunner.advance()> gets field <java.lang.System.out>", "(ChattyRunner.java:7)");
    }

    @Test
    void printingInTheCliOutputLayerPasses() {
        assertThat(printOnlyInTheCliOutputLayer.evaluate(classes("fixtures.kit.plans.cli.output.ConsoleReport"))
                .hasViolation()).isFalse();
    }
}
