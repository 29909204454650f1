package dev.strangler.proxy;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path tricks sent byte for byte through the real gateway. Customer reads go to the customer service and order
 * reads to the order service, so a trick that smuggled a request through the wrong rule would show up as the
 * wrong backend, or as the right backend seeing a path of another rule.
 */
class PathNormalisationIntegrationTests {

    private static final String BY_SERVER = "(server)";

    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends.start();

    @BeforeAll
    static void serveReadsFromTheServices() {
        stack.proxy().switchRule("customers-read", "SERVICE", 0);
        stack.proxy().switchRule("orders-read", "SERVICE", 0);
    }

    @BeforeEach
    void forget() {
        stack.monolith().forget();
        stack.customers().forget();
        stack.orders().forget();
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                // raw request target, expected rule, backend and forwarded path (or a 400)
                routed("/api/customers/1", "customers-read", "customer-service", "/api/customers/1"),
                routed("/api/customers/../orders/1", "orders-read", "order-service", "/api/orders/1"),
                routed("/api/orders/../../api/customers/1", "customers-read", "customer-service", "/api/customers/1"),
                routed("//api//customers//1", "customers-read", "customer-service", "/api/customers/1"),
                routed("/api/./customers/./1", "customers-read", "customer-service", "/api/customers/1"),
                routed("/api/customers/1/", "customers-read", "customer-service", "/api/customers/1"),
                routed("/api/%63ustomers/1", "customers-read", "customer-service", "/api/customers/1"),
                routed("/api/products/..", "default", "monolith", "/api"),
                routed("/api/customers/a%20b", "customers-read", "customer-service", "/api/customers/a%20b"),
                refused("/api/customers/%2e%2e/orders/1"),
                refused("/api/customers/%2E%2E/orders/1"),
                refused("/api/customers/.%2e/orders/1"),
                refused("/api/customers/..%2forders/1"),
                refused("/api/customers%2F..%2Forders/1"),
                refused("/api/customers/..%5corders/1"),
                refused("/api/customers/%252e%252e/orders/1"),
                refused("/api/customers/%25252e/orders/1"),
                refusedByServer("/api/customers\\..\\orders/1"),
                refused("/api/customers/..;/orders/1"),
                refused("/api/customers;jsessionid=x/1"),
                refused("/../api/customers/1"),
                refused("/api/customers/%00"),
                refusedByServer("/api/customers/%zz"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aPathTrickNeverReachesABackendThroughAnotherRule(String rawTarget, int status, String rule, String backend,
            String forwardedPath) {
        RawHttp.Response response = RawHttp.get(stack.proxy().trafficPort(), rawTarget);

        assertThat(response.status()).isEqualTo(status);
        if (status == 400) {
            if (!rule.equals(BY_SERVER)) {
                assertThat(response.header("content-type")).isEqualTo("application/problem+json");
            }
            assertThat(stack.monolith().received()).isEmpty();
            assertThat(stack.customers().received()).isEmpty();
            assertThat(stack.orders().received()).isEmpty();
            return;
        }
        assertThat(response.header("x-strangler-route")).isEqualTo(rule);
        assertThat(response.header("x-strangler-target")).isEqualTo(backend);
        TestBackend answered = switch (backend) {
            case "customer-service" -> stack.customers();
            case "order-service" -> stack.orders();
            default -> stack.monolith();
        };
        assertThat(answered.received()).extracting(TestBackend.Received::rawPath).containsExactly(forwardedPath);
    }

    private static Arguments routed(String rawTarget, String rule, String backend, String forwardedPath) {
        return Arguments.of(rawTarget, 200, rule, backend, forwardedPath);
    }

    private static Arguments refused(String rawTarget) {
        return Arguments.of(rawTarget, 400, "", "", "");
    }

    // Not even a valid URI: the HTTP server answers 400 before the gateway (and its problem documents) sees it.
    private static Arguments refusedByServer(String rawTarget) {
        return Arguments.of(rawTarget, 400, BY_SERVER, "", "");
    }

}
