package com.acme.shop.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import dev.strangler.archrules.BaselineStore;
import dev.strangler.archrules.MonolithRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed baseline records the documented legacy coupling (docs/legacy-coupling.md), shrinks when a coupling
 * is removed, and does not excuse new coupling. Each test works on an in-memory copy of the committed store.
 */
class BaselineTests {

    private static final Path STORE = Path.of("src", "test", "resources", "archunit-store");

    private static final JavaClasses MONOLITH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.acme.shop");

    private final ArchRule throughTheApi = MonolithRules.modulesReachEachOtherOnlyThroughTheirApi(ArchitectureTests.LAYOUT);
    private final ArchRule tablesStayWithTheirModule =
            MonolithRules.tablesOfModulesBeingExtractedAreUsedOnlyByThem(ArchitectureTests.LAYOUT);

    @Test
    void baselineRecordsTheDocumentedLegacyCoupling() {
        BaselineStore baseline = BaselineStore.copyOf(STORE, throughTheApi, tablesStayWithTheirModule);

        // 1: orders.internal.OrderPlacement uses customers.internal.Customers.
        assertThat(baseline.getViolations(throughTheApi)).anySatisfy(violation -> assertThat(violation)
                .contains("<com.acme.shop.orders.internal.OrderPlacement", "<com.acme.shop.customers.internal.Customers"));
        // 2: OrderQueries joins the customers table; 3: CustomerManagement reads the orders table.
        assertThat(baseline.getViolations(tablesStayWithTheirModule))
                .anySatisfy(violation -> assertThat(violation).startsWith("Field <com.acme.shop.orders.internal"
                        + ".OrderQueries.SELECT_ORDERS> has SQL that reads table <customers>"))
                .anySatisfy(violation -> assertThat(violation).startsWith("Method <com.acme.shop.customers.internal"
                        + ".CustomerManagement.remove(long)> has SQL that reads table <orders>"));
    }

    @Test
    void removingTheShortcutIntoCustomerInternalsShrinksTheBaseline() {
        assertBaselineShrinksWithout("OrderPlacement", throughTheApi);
    }

    @Test
    void removingTheSqlJoinOnCustomersShrinksTheBaseline() {
        assertBaselineShrinksWithout("OrderQueries", tablesStayWithTheirModule);
    }

    @Test
    void newReachIntoCustomerInternalsFailsDespiteTheBaseline() {
        JavaClasses withNewCoupling = new ClassFileImporter()
                .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                        || location.contains("/com/acme/shop/architecture/ReachesIntoCustomerInternals"))
                .importPackages("com.acme.shop");

        EvaluationResult result = FreezingArchRule.freeze(throughTheApi)
                .persistIn(BaselineStore.copyOf(STORE, throughTheApi)).evaluate(withNewCoupling);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).isNotEmpty().allSatisfy(violation -> assertThat(violation)
                .contains("ReachesIntoCustomerInternals"));
        assertThat(result.getFailureReport().toString())
                .contains("modules of com.acme.shop reach each other only through their API package")
                .contains("because a module's internals are private to it")
                .contains("(ReachesIntoCustomerInternals.java:18)");
    }

    private static void assertBaselineShrinksWithout(String simpleClassName, ArchRule rule) {
        BaselineStore baseline = BaselineStore.copyOf(STORE, rule);
        List<String> before = baseline.getViolations(rule);

        EvaluationResult result = FreezingArchRule.freeze(rule).persistIn(baseline)
                .evaluate(MONOLITH.that(not(simpleName(simpleClassName))));
        List<String> after = baseline.getViolations(rule);

        assertThat(result.hasViolation()).isFalse();
        assertThat(before).anySatisfy(violation -> assertThat(violation).contains("." + simpleClassName + "."));
        assertThat(after).hasSizeLessThan(before.size()).noneSatisfy(violation -> assertThat(violation)
                .contains("." + simpleClassName + "."));
        assertThat(before).containsAll(after);
    }
}
