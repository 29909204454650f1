package dev.strangler.archrules;

import static dev.strangler.archrules.Fixtures.CLEAN_SHOP;
import static dev.strangler.archrules.Fixtures.LAYOUT;
import static dev.strangler.archrules.Fixtures.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.Test;

class ExtractionRulesTests {

    private final ArchRule noNewDependents = MonolithRules.modulesBeingExtractedGainNoDependents(LAYOUT);

    @Test
    void dependingOnAModuleBeingExtractedFails() {
        ArchReport.RuleResult result = ArchCheck.result(noNewDependents,
                classes(Fixtures.CUSTOMER_DIRECTORY, Fixtures.CUSTOMERS_REPOSITORY, Fixtures.CUSTOMER,
                        Fixtures.SHORTCUT_ORDER_PLACEMENT));

        assertThat(result.rule()).isEqualTo("no code of fixtures.shop outside a module being extracted "
                + "[customers, orders] depends on it");
        assertThat(result.reason()).startsWith("every new caller of a module that is moving out");
        assertThat(result.violations()).anySatisfy(violation -> assertThat(violation)
                .contains("ShortcutOrderPlacement.canPlace(long)> calls method")
                .endsWith("(ShortcutOrderPlacement.java:15)"));
    }

    @Test
    void codeThatLeavesTheExtractedModulesAlonePasses() {
        assertThat(noNewDependents.evaluate(classes(Fixtures.CUSTOMER_DIRECTORY, Fixtures.CUSTOMER,
                Fixtures.CUSTOMERS_REPOSITORY, Fixtures.ORDER_BOOK, Fixtures.ORDER_TOTALS, Fixtures.PROBLEMS,
                Fixtures.SLUGS)).hasViolation()).isFalse();
    }

    @Test
    void frozenDependentsPassNewOnesFailAndFixedOnesLeaveTheBaseline() {
        BaselineStore store = BaselineStore.empty();
        FreezingArchRule frozen = FreezingArchRule.freeze(noNewDependents).persistIn(store);
        String[] customers = {Fixtures.CUSTOMER_DIRECTORY, Fixtures.CUSTOMER, Fixtures.CUSTOMERS_REPOSITORY};

        EvaluationResult first = frozen.evaluate(classes(java.util.List.of(customers), Fixtures.SHORTCUT_ORDER_PLACEMENT));
        int recorded = store.getViolations(noNewDependents).size();
        EvaluationResult withNewDependent = frozen.evaluate(classes(java.util.List.of(customers),
                Fixtures.SHORTCUT_ORDER_PLACEMENT, Fixtures.ORDER_PLACEMENT));
        EvaluationResult afterFix = frozen.evaluate(classes(customers));

        assertThat(first.hasViolation()).as("existing violations are recorded, not failed").isFalse();
        assertThat(recorded).isPositive();
        assertThat(withNewDependent.getFailureReport().getDetails())
                .isNotEmpty().allSatisfy(violation -> assertThat(violation).contains("OrderPlacement.")
                        .doesNotContain("ShortcutOrderPlacement"));
        assertThat(afterFix.hasViolation()).isFalse();
        assertThat(store.getViolations(noNewDependents)).as("the baseline only goes down").isEmpty();
    }

    @Test
    void sqlUsingAnotherModulesTableFailsNamingTableClassAndLine() {
        ArchReport.RuleResult result = ArchCheck.result(
                MonolithRules.tablesOfModulesBeingExtractedAreUsedOnlyByThem(LAYOUT),
                classes(CLEAN_SHOP, Fixtures.ORDER_REPORT));

        assertThat(result.rule()).isEqualTo("tables of a module being extracted {customers=[customers], "
                + "orders=[orders]} are used only by that module's code in fixtures.shop");
        assertThat(result.reason()).startsWith("a table moves out with its module");
        assertThat(result.violations()).containsExactly(
                "Field <fixtures.shop.orders.internal.OrderReport.ORDERS_WITH_NAMES> has SQL that reads table "
                        + "<customers> in (OrderReport.java:0) owned by module customers",
                "Method <fixtures.shop.orders.internal.OrderReport.report()> has SQL that reads table <customers> "
                        + "in (OrderReport.java:12) owned by module customers");
    }

    @Test
    void modulesUsingOnlyTheirOwnTablesPass() {
        assertThat(MonolithRules.tablesOfModulesBeingExtractedAreUsedOnlyByThem(LAYOUT).evaluate(classes(CLEAN_SHOP))
                .hasViolation()).isFalse();
    }
}
