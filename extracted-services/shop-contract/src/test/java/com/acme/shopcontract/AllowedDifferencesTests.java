package com.acme.shopcontract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedDifferencesTests {

    private final AllowedDifferences differences = AllowedDifferences.load();

    @Test
    void everyDifferenceSaysWhyItIsAllowed() {
        assertThat(differences.differences()).isNotEmpty().allSatisfy(difference -> {
            assertThat(difference.reason()).isNotBlank();
            assertThat(difference.pointers()).allMatch(pointer -> pointer.startsWith("/"));
        });
    }

    @Test
    void matchesMethodAndPathPatternsAsTheProxyWould() {
        var delete = differences.byId("delete-customer-with-orders").orElseThrow();
        assertThat(delete.appliesTo("DELETE", "/api/customers/42")).isTrue();
        assertThat(delete.appliesTo("GET", "/api/customers/42")).isFalse();
        assertThat(delete.appliesTo("DELETE", "/api/customers/42/extra")).isFalse();
        assertThat(differences.ignoredPointers("GET", "/api/customers?page=1")).contains("/items/*/updatedAt");
        assertThat(differences.ignoredPointers("GET", "/api/products/1")).isEmpty();
    }

    @Test
    void everyStepThatNamesADifferenceNamesAListedOne() {
        for (String area : new String[] {"customers", "orders"}) {
            ShopContract.cases(area).forEach(contractCase -> contractCase.steps().stream()
                    .filter(step -> step.allowedDifference() != null)
                    .forEach(step -> assertThat(differences.byId(step.allowedDifference())).isPresent()));
        }
    }
}
