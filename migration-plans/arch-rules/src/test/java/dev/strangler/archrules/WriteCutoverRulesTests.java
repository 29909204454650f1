package dev.strangler.archrules;

import static dev.strangler.archrules.Fixtures.CLEAN_SHOP;
import static dev.strangler.archrules.Fixtures.classes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WriteCutoverRulesTests {

    private static final ModuleLayout CUSTOMERS_CUT_OVER = ModuleLayout.fromPlans(
            List.of(Fixtures.CUSTOMERS.withWritesCutOver(true), Fixtures.ORDERS));

    @Test
    void beforeTheCutoverTheModuleMayStillWriteItsTables() {
        assertThat(MonolithRules.monolithWritesNoTableCutOverToAService(Fixtures.LAYOUT).evaluate(classes(CLEAN_SHOP))
                .hasViolation()).isFalse();
    }

    @Test
    void afterTheCutoverEntitiesRepositoriesAndWritingSqlFail() {
        ArchReport.RuleResult result = ArchCheck.result(
                MonolithRules.monolithWritesNoTableCutOverToAService(CUSTOMERS_CUT_OVER), classes(CLEAN_SHOP));

        assertThat(result.rule()).isEqualTo("code of fixtures.shop writes no table whose writes are cut over to a "
                + "service [customers] (plans with writes cut over: [customers])");
        assertThat(result.reason()).startsWith("after the write cutover the service is the writer of record");
        assertThat(result.violations()).containsExactly(
                "Class <fixtures.shop.customers.internal.Customer> is a JPA entity mapped to table <customers> in "
                        + "(Customer.java:0)",
                "Interface <fixtures.shop.customers.internal.Customers> is a Spring Data repository that can write "
                        + "entities mapped to table <customers> in (Customers.java:0)",
                "Method <fixtures.shop.customers.internal.CustomerRegistration.register()> has SQL that writes "
                        + "table <customers> in (CustomerRegistration.java:7)");
    }

    @Test
    void afterTheCutoverReadingTheTablesStillPasses() {
        assertThat(MonolithRules.monolithWritesNoTableCutOverToAService(CUSTOMERS_CUT_OVER)
                .evaluate(classes(Fixtures.CUSTOMER_LOOKUP, Fixtures.CUSTOMER_DIRECTORY, Fixtures.ORDER_TOTALS))
                .hasViolation()).isFalse();
    }
}
