package dev.strangler.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no OTLP collector named (the default), the proxy observes nothing per request, since spans and their timers
 * would stay in the process unread, yet still writes a W3C {@code traceparent} to the backend that answers: the
 * client's trace continued when its header is valid, a fresh one otherwise.
 */
class TracingWithoutCollectorIntegrationTests {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends.start();

    /** Every observation started in the proxy from the moment this handler is added. */
    private final List<String> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordObservations() {
        stack.proxy().switchRule("orders-read", "SERVICE", 0);
        stack.reset();
        stack.proxy().context().getBean(ObservationRegistry.class).observationConfig()
            .observationHandler(new ObservationHandler<>() {

                @Override
                public void onStart(Observation.Context context) {
                    TracingWithoutCollectorIntegrationTests.this.started.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }

            });
    }

    @Test
    void aRequestIsNotObservedYetItsTraceReachesTheBackend() {
        stack.proxy().get("/api/orders/1", "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");

        String sent = stack.orders().received().get(0).header("traceparent");
        assertThat(sent).matches("00-" + CLIENT_TRACE + "-[0-9a-f]{16}-01")
            .doesNotContain(CLIENT_SPAN);
        assertThat(this.started).as("observations started for the request").isEmpty();
        MeterRegistry meters = stack.proxy().context().getBean(MeterRegistry.class);
        assertThat(meters.find("http.server.requests").meters()).isEmpty();
        assertThat(meters.find("http.client.requests").meters()).isEmpty();
    }

    @Test
    void aMalformedTraceparentIsNotBelievedAndAFreshTraceStarts() {
        for (String malformed : new String[] { "00-" + CLIENT_TRACE.toUpperCase() + "-" + CLIENT_SPAN + "-01",
                "00-" + "0".repeat(32) + "-" + CLIENT_SPAN + "-01", "00-" + CLIENT_TRACE + "-" + "0".repeat(16) + "-01",
                "ff-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01-x",
                "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN, "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-0g" }) {
            stack.orders().forget();

            stack.proxy().get("/api/orders/1", "traceparent", malformed, "tracestate", "vendor=client");

            TestBackend.Received received = stack.orders().received().get(0);
            assertThat(received.header("traceparent")).as("sent for %s", malformed)
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .doesNotContain(CLIENT_TRACE).doesNotContain("0".repeat(32));
            assertThat(received.header("tracestate")).as("the state of a trace not continued").isNull();
        }
    }

    @Test
    void aLaterVersionsTraceparentIsContinuedFromItsKnownFields() {
        stack.proxy().get("/api/orders/1", "traceparent", "01-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-00-later",
                "tracestate", "vendor=client");

        TestBackend.Received received = stack.orders().received().get(0);
        assertThat(received.header("traceparent")).matches("00-" + CLIENT_TRACE + "-[0-9a-f]{16}-00");
        assertThat(received.header("tracestate")).isEqualTo("vendor=client");
    }

}
