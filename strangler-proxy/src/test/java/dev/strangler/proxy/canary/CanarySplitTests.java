package dev.strangler.proxy.canary;

import java.net.InetSocketAddress;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import dev.strangler.proxy.forwarding.TestClientAddresses;

import static org.assertj.core.api.Assertions.assertThat;

class CanarySplitTests {

    @Test
    void aCallerAlwaysGetsTheSameBucketForAGroup() {
        assertThat(CanarySplit.bucket("user-42", "customers")).isEqualTo(CanarySplit.bucket("user-42", "customers"));
    }

    @Test
    void theBucketDependsOnTheGroupNotJustTheCaller() {
        long differing = IntStream.range(0, 200)
            .filter((user) -> CanarySplit.bucket("u" + user, "customers") != CanarySplit.bucket("u" + user, "orders"))
            .count();

        assertThat(differing).isGreaterThan(150);
    }

    @Test
    void bucketsSpreadCallersEvenlyEnoughForAPercentage() {
        long inTenPercent = IntStream.range(0, 10_000)
            .filter((user) -> CanarySplit.bucket("user-" + user, "customers") < 10)
            .count();

        assertThat(inTenPercent).isBetween(850L, 1150L);
    }

    @Test
    void raisingThePercentageOnlyMovesCallersToTheService() {
        CanarySplit split = split("header:X-User-Id");
        for (int user = 0; user < 500; user++) {
            MockServerWebExchange exchange = exchange("user-" + user);
            if (split.toService(exchange, "customers", 10)) {
                assertThat(split.toService(exchange, "customers", 50)).isTrue();
            }
        }
    }

    @Test
    void zeroPercentSendsNobodyAndHundredPercentEverybody() {
        CanarySplit split = split("header:X-User-Id");

        assertThat(IntStream.range(0, 200).filter((u) -> split.toService(exchange("u" + u), "g", 0)).count()).isZero();
        assertThat(IntStream.range(0, 200).filter((u) -> split.toService(exchange("u" + u), "g", 100)).count())
            .isEqualTo(200);
    }

    @Test
    void theCallerKeyComesFromTheConfiguredHeaderCookieOrClientAddress() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/customers/1")
            .header("X-User-Id", "ada")
            .cookie(new org.springframework.http.HttpCookie("uid", "grace"))
            .remoteAddress(new InetSocketAddress("10.1.2.3", 5000)));

        assertThat(split("header:X-User-Id").callerKey(exchange)).isEqualTo("ada");
        assertThat(split("cookie:uid").callerKey(exchange)).isEqualTo("grace");
        assertThat(split("client-address").callerKey(exchange)).isEqualTo("addr:10.1.2.3");
        assertThat(split("header:X-Tenant").callerKey(exchange)).isEqualTo("addr:10.1.2.3");
    }

    private static CanarySplit split(String key) {
        return new CanarySplit(new CanarySettings(key), TestClientAddresses.trustingNobody());
    }

    private static MockServerWebExchange exchange(String user) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/customers/1").header("X-User-Id", user));
    }

}
