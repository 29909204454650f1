package dev.strangler.archrules;

import static dev.strangler.archrules.Fixtures.CLEAN_SHOP;
import static dev.strangler.archrules.Fixtures.LAYOUT;
import static dev.strangler.archrules.Fixtures.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

class ModuleRulesTests {

    @Test
    void cycleBetweenModulesFailsNamingBothModules() {
        ArchReport.RuleResult result = ArchCheck.result(MonolithRules.modulesAreFreeOfCycles(LAYOUT),
                classes(CLEAN_SHOP, Fixtures.CUSTOMER_ORDERS));

        assertThat(result.rule()).isEqualTo("modules of fixtures.shop are free of cycles");
        assertThat(result.reason()).startsWith("a module in a cycle can only move out together");
        assertThat(String.join("\n", result.violations()))
                .contains("module customers", "module orders", "(CustomerOrders.java:");
    }

    @Test
    void modulesWithoutCyclesPass() {
        assertThat(MonolithRules.modulesAreFreeOfCycles(LAYOUT).evaluate(classes(CLEAN_SHOP)).hasViolation())
                .isFalse();
    }

    @Test
    void reachingIntoAnotherModulesInternalsFailsNamingTheClassAndLine() {
        ArchReport.RuleResult result = ArchCheck.result(MonolithRules.modulesReachEachOtherOnlyThroughTheirApi(LAYOUT),
                classes(CLEAN_SHOP, Fixtures.SHORTCUT_ORDER_PLACEMENT));

        assertThat(result.rule()).startsWith("modules of fixtures.shop reach each other only through their API");
        assertThat(result.reason()).startsWith("a module's internals are private to it");
        assertThat(result.violations()).anySatisfy(violation -> assertThat(violation)
                .contains("Method <fixtures.shop.orders.internal.ShortcutOrderPlacement.canPlace(long)> calls method "
                        + "<fixtures.shop.customers.internal.Customers.existsById")
                .endsWith("(ShortcutOrderPlacement.java:15)"));
        assertThat(result.violations()).allSatisfy(violation -> assertThat(violation)
                .contains("ShortcutOrderPlacement"));
    }

    @Test
    void modulesUsingEachOthersApiAndTheSharedModulePass() {
        assertThat(MonolithRules.modulesReachEachOtherOnlyThroughTheirApi(LAYOUT).evaluate(classes(CLEAN_SHOP))
                .hasViolation()).isFalse();
    }

    @Test
    void sharedModuleIsSharedOnlyByConfiguration() {
        // OrderTotals uses system.text.Slugs: allowed while system is shared, internals of "system" otherwise.
        ArchRule nothingShared = MonolithRules.modulesReachEachOtherOnlyThroughTheirApi(LAYOUT.withSharedModules());

        assertThat(nothingShared.evaluate(classes(CLEAN_SHOP)).getFailureReport().getDetails())
                .singleElement().asString().contains("OrderTotals.totals(long)> calls method <fixtures.shop.system"
                        + ".text.Slugs.of(java.lang.String)>");
    }
}
