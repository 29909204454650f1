package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedResponseHttpHeadersFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * W3C trace context through the real gateway: whichever backend answers (and a shadow copy) receives a
 * {@code traceparent} of the client's trace with the proxy's own span as parent; a request without one starts a
 * trace.
 */
class TracePropagationIntegrationTests {

    /** {@code version-traceid-parentid-flags}, W3C Trace Context section 3.2. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    private static final String CLIENT_TRACEPARENT = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";

    static {
        // A proxy with observations on (an earlier test class in this fork) switches Reactor's automatic context
        // propagation on for the whole JVM, and nothing switches it off: the proxy below must show its trace ids
        // on log lines without it, as it does alone in its JVM.
        Hooks.disableAutomaticContextPropagation();
    }

    // Logs "Completed 200 OK" as each request ends, and a fallback's decision: lines logged within the request, for
    // the correlation tests.
    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends
        .withProperty("logging.level.org.springframework.web.server.adapter.HttpWebHandlerAdapter", "DEBUG")
        .and("logging.level.dev.strangler.proxy.routing", "DEBUG");

    @BeforeEach
    void resetRulesAndBackends() {
        for (String rule : new String[] { "orders-read", "orders-write" }) {
            stack.proxy().switchRule(rule, "MONOLITH", 0);
        }
        stack.reset();
    }

    @Test
    void serviceModeContinuesTheClientsTraceOnTheService() {
        stack.proxy().switchRule("orders-write", "SERVICE", 0);

        HttpResponse<String> response = stack.proxy().send("POST", "/api/orders", "{}", "Content-Type",
                "application/json", "traceparent", CLIENT_TRACEPARENT);

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("order-service");
        TraceParent sent = TraceParent.of(stack.orders().received().get(0));
        assertThat(sent.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(sent.parentId()).as("the proxy's own span").isNotEqualTo(CLIENT_SPAN);
        assertThat(sent.flags()).as("sampled, as the client asked").isEqualTo("01");
        assertThat(stack.monolith().received()).isEmpty();
    }

    @Test
    void aReadThatFallsBackToTheMonolithStaysInTheClientsTrace() {
        stack.proxy().switchRule("orders-read", "SERVICE", 0);
        stack.orders().answerStatus(500);

        HttpResponse<String> response = stack.proxy().get("/api/orders/1", "traceparent", CLIENT_TRACEPARENT);

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        TraceParent toService = TraceParent.of(stack.orders().received().get(0));
        TraceParent toMonolith = TraceParent.of(stack.monolith().received().get(0));
        assertThat(toMonolith.traceId()).isEqualTo(CLIENT_TRACE).isEqualTo(toService.traceId());
        assertThat(toMonolith.parentId()).isNotEqualTo(CLIENT_SPAN);
    }

    @Test
    void monolithModeContinuesTheClientsTraceOnTheMonolith() {
        HttpResponse<String> response = stack.proxy().get("/api/orders/1", "traceparent", CLIENT_TRACEPARENT);

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        TraceParent sent = TraceParent.of(stack.monolith().received().get(0));
        assertThat(sent.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(sent.parentId()).isNotEqualTo(CLIENT_SPAN);
    }

    @Test
    void requestsNoRuleMatchesContinueTheTraceOnTheDefaultRoute() {
        stack.proxy().get("/api/products/7", "traceparent", CLIENT_TRACEPARENT);

        assertThat(TraceParent.of(stack.monolith().received().get(0)).traceId()).isEqualTo(CLIENT_TRACE);
    }

    @Test
    void aShadowCopyJoinsTheClientsTraceWithASpanOfItsOwn() {
        stack.proxy().switchRule("orders-read", "SHADOW", 0);

        HttpResponse<String> response = stack.proxy().get("/api/orders/1", "traceparent", CLIENT_TRACEPARENT);

        assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("monolith");
        await().atMost(Duration.ofSeconds(10)).until(() -> !stack.orders().received().isEmpty());
        TestBackend.Received copy = stack.orders().received().get(0);
        assertThat(copy.header("X-Strangler-Shadow")).isEqualTo("true");
        TraceParent toService = TraceParent.of(copy);
        TraceParent toMonolith = TraceParent.of(stack.monolith().received().get(0));
        assertThat(toService.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(toMonolith.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(toService.parentId()).as("the copy's own client span").isNotEqualTo(CLIENT_SPAN)
            .isNotEqualTo(toMonolith.parentId());
    }

    @Test
    void aRequestWithoutTraceContextStartsANewTraceForEachRequest() {
        stack.proxy().switchRule("orders-read", "SERVICE", 0);

        stack.proxy().get("/api/orders/1");
        stack.proxy().get("/api/orders/2");

        assertThat(stack.orders().received()).hasSize(2);
        TraceParent first = TraceParent.of(stack.orders().received().get(0));
        TraceParent second = TraceParent.of(stack.orders().received().get(1));
        assertThat(first.traceId()).isNotEqualTo("0".repeat(32)).isNotEqualTo(second.traceId());
        assertThat(first.flags()).as("every request is sampled by default").isEqualTo("01");
    }

    @Test
    void aTraceparentTheClientDeclaresHopByHopStillReachesTheBackend() {
        // Connection names headers to drop at this hop; trace context is the proxy's own and is written after that.
        RawHttp.Response response = RawHttp.get(stack.proxy().trafficPort(), "/api/orders/1",
                "traceparent: " + CLIENT_TRACEPARENT, "Connection: traceparent");

        assertThat(response.status()).isEqualTo(200);
        assertThat(TraceParent.of(stack.monolith().received().get(0)).traceId()).isEqualTo(CLIENT_TRACE);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void linesLoggedWithinARequestCarryItsTraceId(CapturedOutput output) {
        stack.proxy().get("/api/orders/1", "traceparent", CLIENT_TRACEPARENT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut().lines()
            .filter((line) -> line.contains("[" + CLIENT_TRACE + "-"))).anySatisfy((line) -> assertThat(line)
                .contains("HttpWebHandlerAdapter", "Completed 200 OK")));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFallbacksDecisionIsLoggedWithTheRequestsTraceId(CapturedOutput output) {
        stack.proxy().switchRule("orders-read", "SERVICE", 0);
        stack.orders().answerStatus(500);

        stack.proxy().get("/api/orders/1", "traceparent", CLIENT_TRACEPARENT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut().lines()
            .filter((line) -> line.contains("answering from the monolith"))).singleElement()
                .satisfies((line) -> assertThat(line).contains("[" + CLIENT_TRACE + "-")));
    }

    @Test
    void withoutACollectorReactorRestoresNoThreadLocalsOnEveryOperator() {
        // What made a request dear: every operator of the request path saving and restoring the trace on its
        // thread (spring.reactor.context-propagation=auto). The trace ids above are put on the proxy's lines
        // without it.
        assertThat(stack.proxy().context().getEnvironment().getProperty("spring.reactor.context-propagation"))
            .isEqualTo("limited");
        assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
    }

    @Test
    void withoutACollectorTheGatewaysObservationHeaderFiltersAreLeftOut() {
        // They copy and walk every request's headers for a client span nobody reads; traceparent reaches the backend
        // without them (the tests above).
        assertThat(stack.proxy().context().getBeansOfType(ObservedRequestHttpHeadersFilter.class)).isEmpty();
        assertThat(stack.proxy().context().getBeansOfType(ObservedResponseHttpHeadersFilter.class)).isEmpty();
    }

    /** A {@code traceparent} header as a backend received it. */
    private record TraceParent(String traceId, String parentId, String flags) {

        static TraceParent of(TestBackend.Received received) {
            String header = received.header("traceparent");
            assertThat(header).as("traceparent sent to the backend").isNotNull();
            Matcher matcher = TRACEPARENT.matcher(header);
            assertThat(matcher.matches()).as("a W3C traceparent: %s", header).isTrue();
            return new TraceParent(matcher.group(1), matcher.group(2), matcher.group(3));
        }

    }

}
