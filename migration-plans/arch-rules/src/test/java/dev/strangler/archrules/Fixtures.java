package dev.strangler.archrules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.strangler.plans.plan.PlanHeader;
import java.util.Arrays;
import java.util.List;

/** The fixture monolith (fixtures.shop), its services (fixtures.services) and plans for them. */
final class Fixtures {

    static final PlanHeader CUSTOMERS = new PlanHeader("customers", "Customers move first.",
            new PlanHeader.Monolith("fixtures.shop", "customers", List.of("customers")),
            new PlanHeader.Service("customer-service", "fixtures.services.customerservice",
                    List.of("customer", "customer_address")),
            false);

    static final PlanHeader ORDERS = new PlanHeader("orders", "Orders follow.",
            new PlanHeader.Monolith("fixtures.shop", "orders", List.of("orders")),
            new PlanHeader.Service("order-service", "fixtures.services.orderservice", List.of("purchase_order", "order_line")),
            false);

    static final List<PlanHeader> PLANS = List.of(CUSTOMERS, ORDERS);

    static final ModuleLayout LAYOUT = ModuleLayout.fromPlans(PLANS);

    static final String CUSTOMER_DIRECTORY = "fixtures.shop.customers.CustomerDirectory";
    static final String CUSTOMER_ORDERS = "fixtures.shop.customers.CustomerOrders";
    static final String CUSTOMER = "fixtures.shop.customers.internal.Customer";
    static final String CUSTOMERS_REPOSITORY = "fixtures.shop.customers.internal.Customers";
    static final String CUSTOMER_REGISTRATION = "fixtures.shop.customers.internal.CustomerRegistration";
    static final String CUSTOMER_LOOKUP = "fixtures.shop.customers.internal.CustomerLookup";
    static final String ORDER_BOOK = "fixtures.shop.orders.OrderBook";
    static final String ORDER_PLACEMENT = "fixtures.shop.orders.internal.OrderPlacement";
    static final String SHORTCUT_ORDER_PLACEMENT = "fixtures.shop.orders.internal.ShortcutOrderPlacement";
    static final String ORDER_REPORT = "fixtures.shop.orders.internal.OrderReport";
    static final String ORDER_TOTALS = "fixtures.shop.orders.internal.OrderTotals";
    static final String PROBLEMS = "fixtures.shop.system.Problems";
    static final String SLUGS = "fixtures.shop.system.text.Slugs";

    /** The fixture shop without any class that breaks a monolith rule. */
    static final List<String> CLEAN_SHOP = List.of(CUSTOMER_DIRECTORY, CUSTOMER, CUSTOMERS_REPOSITORY,
            CUSTOMER_REGISTRATION, CUSTOMER_LOOKUP, ORDER_BOOK, ORDER_PLACEMENT, ORDER_TOTALS, PROBLEMS, SLUGS);

    private Fixtures() {
    }

    static JavaClasses classes(List<String> names, String... more) {
        return classes(java.util.stream.Stream.concat(names.stream(), Arrays.stream(more)).toArray(String[]::new));
    }

    /** Fixture classes by name: most are package-private, so that they stay out of each other's way. */
    static JavaClasses classes(String... names) {
        Class<?>[] types = Arrays.stream(names).map(Fixtures::load).toArray(Class<?>[]::new);
        return new ClassFileImporter().importClasses(types);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Fixtures.class.getClassLoader());
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalArgumentException("No fixture class " + name, ex);
        }
    }
}
