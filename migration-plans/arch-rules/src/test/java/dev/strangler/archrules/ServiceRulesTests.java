package dev.strangler.archrules;

import static dev.strangler.archrules.Fixtures.PLANS;
import static dev.strangler.archrules.Fixtures.classes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceRulesTests {

    private static final String PURCHASE_ORDER = "fixtures.services.orderservice.PurchaseOrder";
    private static final String ORDER_SAGA = "fixtures.services.orderservice.OrderSaga";
    private static final String CUSTOMER_RECORD = "fixtures.services.customerservice.CustomerRecord";

    @Test
    void serviceImportingAMonolithClassFailsNamingClassAndLine() {
        ArchReport.RuleResult result = ArchCheck.result(ServiceRules.neverDependOnTheMonolith(PLANS),
                classes(PURCHASE_ORDER, "fixtures.services.orderservice.LegacyShortcut"));

        assertThat(result.rule()).isEqualTo("services [customer-service, order-service] never depend on monolith "
                + "classes [fixtures.shop]");
        assertThat(result.reason()).startsWith("a service is built, deployed and scaled without the monolith");
        assertThat(result.violations()).anySatisfy(violation -> assertThat(violation)
                .contains("LegacyShortcut.customerExists(fixtures.shop.customers.CustomerDirectory, long)> calls "
                        + "method <fixtures.shop.customers.CustomerDirectory.exists(long)>")
                .endsWith("(LegacyShortcut.java:9)"));
    }

    @Test
    void servicesOnTheirOwnPass() {
        assertThat(ServiceRules.neverDependOnTheMonolith(PLANS)
                .evaluate(classes(PURCHASE_ORDER, ORDER_SAGA, CUSTOMER_RECORD)).hasViolation()).isFalse();
    }

    @Test
    void serviceReadingAnotherServicesTableFails() {
        ArchReport.RuleResult result = ArchCheck.result(ServiceRules.touchOnlyTheirOwnTables(PLANS),
                classes(ORDER_SAGA, "fixtures.services.orderservice.CustomerPeek"));

        assertThat(result.reason()).startsWith("each service owns its database");
        assertThat(result.violations()).containsExactly("Method <fixtures.services.orderservice.CustomerPeek.name()> "
                + "has SQL that reads table <customer> in (CustomerPeek.java:7)");
    }

    @Test
    void servicesUsingTheirOwnTablesPass() {
        assertThat(ServiceRules.touchOnlyTheirOwnTables(PLANS)
                .evaluate(classes(PURCHASE_ORDER, ORDER_SAGA, CUSTOMER_RECORD)).hasViolation()).isFalse();
    }
}
