package dev.strangler.proxy.forwarding;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersPolicyTests {

    @Test
    void replacesWhatAnUntrustedPeerClaims() {
        MockServerWebExchange exchange = exchange("203.0.113.9", "198.51.100.1");
        ForwardedHeadersPolicy policy = new ForwardedHeadersPolicy(TestClientAddresses.trusting("10.0.0.0/8"));

        HttpHeaders headers = new HttpHeaders();
        policy.write(headers, exchange);

        assertThat(headers.getFirst("X-Forwarded-For")).isEqualTo("203.0.113.9");
        assertThat(headers.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(headers.getFirst("Forwarded")).isEqualTo("for=203.0.113.9;proto=http;host=\"shop.example:8000\"");
        assertThat(TestClientAddresses.trusting("10.0.0.0/8").clientAddress(exchange)).isEqualTo("203.0.113.9");
    }

    @Test
    void keepsAndExtendsTheChainOfATrustedProxy() {
        MockServerWebExchange exchange = exchange("10.0.0.5", "198.51.100.1");
        ClientAddresses addresses = TestClientAddresses.trusting("10.0.0.0/8");

        HttpHeaders headers = new HttpHeaders();
        new ForwardedHeadersPolicy(addresses).write(headers, exchange);

        assertThat(headers.getFirst("X-Forwarded-For")).isEqualTo("198.51.100.1, 10.0.0.5");
        assertThat(headers.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(addresses.clientAddress(exchange)).isEqualTo("198.51.100.1");
    }

    @Test
    void trustsOnlyAddressesInsideTheConfiguredBlocks() {
        ClientAddresses addresses = TestClientAddresses.trusting("10.0.0.0/8", "192.168.1.7", "fd00::/8");

        assertThat(addresses.isTrusted("10.255.0.1")).isTrue();
        assertThat(addresses.isTrusted("11.0.0.1")).isFalse();
        assertThat(addresses.isTrusted("192.168.1.7")).isTrue();
        assertThat(addresses.isTrusted("192.168.1.8")).isFalse();
        assertThat(addresses.isTrusted("fd12::1")).isTrue();
        assertThat(addresses.isTrusted("evil.example")).isFalse();
    }

    private static MockServerWebExchange exchange(String peer, String claimedClient) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://shop.example:8000/api/customers/1")
            .header("X-Forwarded-For", claimedClient)
            .header("X-Forwarded-Proto", "https")
            .header("Forwarded", "for=" + claimedClient)
            .header(HttpHeaders.HOST, "shop.example:8000")
            .remoteAddress(new InetSocketAddress(peer, 40000)));
    }

}
