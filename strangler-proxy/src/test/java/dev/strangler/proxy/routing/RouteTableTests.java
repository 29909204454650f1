package dev.strangler.proxy.routing;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTests {

    private final RouteTable table = RouteRules.shopTable();

    @Test
    void matchesByMethodAndPath() {
        assertThat(this.table.match(HttpMethod.GET, "/api/customers/1")).get().extracting(RouteRule::id)
            .isEqualTo("customers-read");
        assertThat(this.table.match(HttpMethod.HEAD, "/api/customers")).get().extracting(RouteRule::id)
            .isEqualTo("customers-read");
        assertThat(this.table.match(HttpMethod.DELETE, "/api/customers/1")).get().extracting(RouteRule::id)
            .isEqualTo("customers-write");
    }

    @Test
    void theFirstMatchingRuleWinsInConfigurationOrder() {
        assertThat(this.table.match(HttpMethod.GET, "/api/orders/export")).get().extracting(RouteRule::id)
            .isEqualTo("orders-export");
        assertThat(this.table.match(HttpMethod.GET, "/api/orders/7")).get().extracting(RouteRule::id)
            .isEqualTo("orders-read");
    }

    @Test
    void nothingMatchesAnUnlistedMethodOrPathSoTheDefaultRouteApplies() {
        assertThat(this.table.match(HttpMethod.POST, "/api/orders/7")).isEmpty();
        assertThat(this.table.match(HttpMethod.OPTIONS, "/api/customers/1")).isEmpty();
        assertThat(this.table.match(HttpMethod.GET, "/api/customersX/1")).isEmpty();
        assertThat(this.table.match(HttpMethod.GET, "/")).isEmpty();
    }

    @Test
    void aSwitchMakesANewTableAndLeavesTheOldOneAsItWas() {
        RouteRule read = this.table.rule("customers-read").orElseThrow();

        RouteTable switched = this.table.with(read.switchedTo(RouteMode.CANARY, 25));

        assertThat(this.table.rule("customers-read").orElseThrow().mode()).isEqualTo(RouteMode.MONOLITH);
        RouteRule after = switched.rule("customers-read").orElseThrow();
        assertThat(after.mode()).isEqualTo(RouteMode.CANARY);
        assertThat(after.percent()).isEqualTo(25);
        assertThat(after.version()).isEqualTo(read.version() + 1);
        assertThat(after.etag()).isNotEqualTo(read.etag());
        assertThat(RouteRules.ids(switched)).isEqualTo(RouteRules.ids(this.table));
    }

    @Test
    void theGroupDefaultsToTheBackendSoReadsAndWritesOfOneServiceShareIt() {
        assertThat(this.table.rule("customers-read").orElseThrow().group()).isEqualTo("customer-service");
        assertThat(this.table.rule("customers-write").orElseThrow().group()).isEqualTo("customer-service");
    }

}
