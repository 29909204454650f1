package dev.strangler.plans.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.console.ConsoleSettings;
import dev.strangler.plans.console.EngineClients;
import dev.strangler.plans.runner.AdminApiStub;
import dev.strangler.plans.runner.PlanStates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts' figures from the engines' samples: rates per second between samples, error rates of the service and of
 * the monolith, the shadow diff rate, each pipeline's lag; a gap, never a made-up figure, when a counter went down (a
 * proxy restart); only the last 15 minutes kept.
 */
class ChartHistoryTests {

    @TempDir
    Path home;

    private Instant now = Instant.parse("2026-12-06T10:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void chartsTheDifferencesBetweenSamplesAndLeavesAGapWhereACounterWentDown() throws Exception {
        try (AdminApiStub engines = new AdminApiStub("customers-read")) {
            ChartHistory history = history(engines);
            engines.metrics = meters(10, 0, 0, 0, 0);
            history.sample();
            now = now.plusSeconds(2);
            engines.metrics = meters(30, 8, 2, 10, 1);
            engines.lagMillis = 480;
            history.sample();
            now = now.plusSeconds(2);
            engines.metrics = meters(3, 0, 0, 0, 0); // the proxy restarted: its counters began again
            engines.lagMillis = 120;
            history.sample();

            Map<String, Object> view = history.view();

            assertThat((List<?>) view.get("times")).hasSize(2);
            Map<String, List<Double>> rule = series(view, "customers-read");
            assertThat(rule.get("requests:monolith")).containsExactly(10.0, null);
            assertThat(rule.get("requests:customer-service")).containsExactly(5.0, null);
            assertThat(rule.get("serviceErrorRate")).containsExactly(0.2, null);
            assertThat(rule.get("monolithErrorRate")).containsExactly(0.0, null);
            assertThat(rule.get("shadowDiffRate")).containsExactly(0.1, null);
            @SuppressWarnings("unchecked")
            Map<String, List<Double>> lags = (Map<String, List<Double>>) view.get("pipelines");
            assertThat(lags.get("customers")).containsExactly(480.0, 120.0);
        }
    }

    @Test
    void keepsOnlyTheLastFifteenMinutes() throws Exception {
        try (AdminApiStub engines = new AdminApiStub("customers-read")) {
            ChartHistory history = history(engines);
            for (int i = 0; i < 4; i++) {
                engines.metrics = meters(10 * i, 0, 0, 0, 0);
                history.sample();
                now = now.plus(Duration.ofMinutes(6));
            }

            assertThat((List<?>) history.view().get("times")).hasSize(2);
        }
    }

    private ChartHistory history(AdminApiStub engines) {
        EngineClients clients = new EngineClients(new ConsoleSettings(home, home, engines.url(), engines.url(), null,
                "secret", "secret"));
        return new ChartHistory(clients, new PlanStates(home.resolve("plans")), clock, Duration.ofSeconds(2));
    }

    /** The proxy's meters of customers-read: monolith answers, service answers and failures, shadow comparisons. */
    private static String meters(long monolith, long serviceOk, long serviceFailed, long compared, long differed) {
        String requests = AdminApiStub.metrics(List.of("customers-read monolith ok " + monolith,
                "customers-read customer-service ok " + serviceOk,
                "customers-read customer-service server_error " + serviceFailed));
        return requests.substring(0, requests.length() - 1) + ",{\"name\":\"strangler.proxy.shadow.comparisons\","
                + "\"tags\":{\"rule\":\"customers-read\",\"result\":\"match\"},\"values\":{\"count\":"
                + (compared - differed) + "}},{\"name\":\"strangler.proxy.shadow.comparisons\",\"tags\":{\"rule\":"
                + "\"customers-read\",\"result\":\"diff\"},\"values\":{\"count\":" + differed + "}}]";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Double>> series(Map<String, Object> view, String rule) {
        return ((Map<String, Map<String, List<Double>>>) view.get("rules")).get(rule);
    }

}
