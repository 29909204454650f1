package dev.strangler.proxy.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesTests {

    private final RouteTable table = RouteRules.shopTable();

    private final Routes routes = new Routes(this.table);

    @Test
    void countsARuleRequestFromItsEntryUntilItLeaves() {
        assertThat(this.routes.enter("customers-write", this.table)).isTrue();
        assertThat(this.routes.enter("customers-write", this.table)).isTrue();
        assertThat(this.routes.inFlight("customers-write")).isEqualTo(2);
        assertThat(this.routes.inFlight("customers-read")).isZero();

        this.routes.leave("customers-write");

        assertThat(this.routes.inFlight("customers-write")).isEqualTo(1);
    }

    @Test
    void aRequestDecidedOnATableASwitchReplacedIsNotCountedAndMustBeDecidedAgain() {
        RouteRule write = this.table.rule("customers-write").orElseThrow();
        this.routes.replace(this.table.with(write.switchedTo(RouteMode.HOLD, 0)));

        // Decided before the switch, counted after it: a switch to HOLD already looked and would not wait for it.
        assertThat(this.routes.enter("customers-write", this.table)).isFalse();
        assertThat(this.routes.inFlight("customers-write")).isZero();
        assertThat(this.routes.current().rule("customers-write").orElseThrow().mode()).isEqualTo(RouteMode.HOLD);
    }

}
