package dev.strangler.archrules;

import static dev.strangler.archrules.Fixtures.CLEAN_SHOP;
import static dev.strangler.archrules.Fixtures.classes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.plan.PlanHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanConsistencyRulesTests {

    @Test
    void plansThatMatchTheCodePass() {
        assertThat(MonolithRules.plansMatchTheCode(Fixtures.LAYOUT).evaluate(classes(CLEAN_SHOP)).hasViolation())
                .isFalse();
    }

    @Test
    void planForAMissingModuleOrAnUnusedTableFails() {
        PlanHeader wishlists = new PlanHeader("wishlists", "Nobody wrote them.",
                new PlanHeader.Monolith("fixtures.shop", "wishlists", List.of("wishlists")),
                new PlanHeader.Service("wishlist-service", "fixtures.services.wishlistservice", List.of("wishlist")), false);
        PlanHeader ordersWithLines = new PlanHeader("orders", "Orders follow.",
                new PlanHeader.Monolith("fixtures.shop", "orders", List.of("orders", "order_lines")),
                Fixtures.ORDERS.service(), false);

        ArchReport.RuleResult result = ArchCheck.result(MonolithRules.plansMatchTheCode(
                ModuleLayout.fromPlans(List.of(Fixtures.CUSTOMERS, ordersWithLines, wishlists))), classes(CLEAN_SHOP));

        assertThat(result.reason()).startsWith("the plans are the source of truth for what moves");
        assertThat(result.violations()).containsExactly(
                "Plan orders gives table <order_lines> to module <fixtures.shop.orders>, but no entity, repository "
                        + "or SQL constant of the module uses it",
                "Plan wishlists extracts module <fixtures.shop.wishlists>, but no class resides in it");
    }
}
