package dev.strangler.archrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlansTests {

    private static final String CUSTOMERS = """
            plan: customers
            why: Customers move to customer-service first; orders depend on them.
            monolith:
              basePackage: com.acme.shop
              module: customers
              tables: [customers]
            service:
              name: customer-service
              basePackage: com.acme.customerservice
              tables: [customer, customer_address]
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheRepositorysPlans() {
        List<Plan> plans = Plans.loadAll(Path.of("..", "plans"));

        assertThat(plans).extracting(Plan::name).containsExactly("customers", "orders");
        assertThat(plans.get(0)).isEqualTo(new Plan("customers",
                "Customers move to customer-service first; orders depend on them.",
                new Plan.Monolith("com.acme.shop", "customers", List.of("customers")),
                new Plan.Service("customer-service", "com.acme.customerservice",
                        List.of("customer", "customer_address")),
                false));
        assertThat(plans.get(1).monolith()).isEqualTo(
                new Plan.Monolith("com.acme.shop", "orders", List.of("orders", "order_lines")));
        assertThat(plans.get(1).service()).isEqualTo(new Plan.Service("order-service", "com.acme.orderservice",
                List.of("purchase_order", "order_line")));
    }

    @Test
    void locatesThePlansFromInsideTheRepository() {
        assertThat(Plans.locate()).extracting(Plan::name).containsExactly("customers", "orders");
    }

    @Test
    void ignoresSectionsItDoesNotKnow() throws IOException {
        Path file = write("customers.yaml", CUSTOMERS + """
                writesCutOver: true
                endpoints:
                  - method: GET
                    path: /api/customers/**
                phases: [extract, shadow-reads]
                """);

        Plan plan = Plans.load(file);

        assertThat(plan.name()).isEqualTo("customers");
        assertThat(plan.writesCutOver()).isTrue();
    }

    @Test
    void missingKeyIsNamedWithFileAndReason() throws IOException {
        Path file = write("broken.yaml", CUSTOMERS.replace("  module: customers\n", ""));

        assertThatThrownBy(() -> Plans.load(file)).isInstanceOf(PlanException.class)
                .hasMessage(file + ": monolith.module: is required");
    }

    @Test
    void invalidTableNameIsRefused() throws IOException {
        Path file = write("broken.yaml", CUSTOMERS.replace("[customers]", "[\"customers; drop\"]"));

        assertThatThrownBy(() -> Plans.load(file)).isInstanceOf(PlanException.class)
                .hasMessage(file + ": monolith.tables: 'customers; drop' is not a valid table name");
    }

    @Test
    void plansOfDifferentMonolithsAreRefused() throws IOException {
        write("a.yaml", CUSTOMERS);
        write("b.yaml", CUSTOMERS.replace("plan: customers", "plan: other").replace("com.acme.shop", "com.other"));

        assertThatThrownBy(() -> Plans.loadAll(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan other: monolith.basePackage: is com.other but other plans say "
                        + "com.acme.shop");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
