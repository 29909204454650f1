package dev.strangler.proxy.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The proxy's meters. Names and tags are a contract with dashboards and migration gates: change them only with a
 * note in the README.
 */
@Component
public class ProxyMetrics {

    public static final String REQUESTS = "strangler.proxy.requests";

    public static final String LATENCY = "strangler.proxy.latency";

    public static final String FALLBACKS = "strangler.proxy.fallbacks";

    public static final String SHADOW_COMPARISONS = "strangler.proxy.shadow.comparisons";

    public static final String SHADOW_DIFFS = "strangler.proxy.shadow.diffs";

    public static final String ROLLBACKS = "strangler.proxy.rollbacks";

    public static final String ROLLBACK_ALARMS = "strangler.proxy.autorollback.alarms";

    public static final String ROLLBACK_EXCUSED = "strangler.proxy.autorollback.excused";

    private final MeterRegistry registry;

    ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request answered (or refused) by the proxy; latency is until the response headers were known. */
    public void requestCompleted(String rule, String target, String outcome, Duration latency) {
        Counter.builder(REQUESTS).description("Requests by endpoint rule, answering backend and outcome")
            .tags("rule", rule, "target", target, "outcome", outcome)
            .register(this.registry)
            .increment();
        Timer.builder(LATENCY).description("Time until the answering backend's response headers arrived")
            .tags("rule", rule, "target", target)
            .register(this.registry)
            .record(latency);
    }

    public void fellBack(String rule, String reason) {
        Counter.builder(FALLBACKS).description("Safe requests answered by the monolith because the service failed")
            .tags("rule", rule, "reason", reason)
            .register(this.registry)
            .increment();
    }

    public void shadowCompared(String rule, String result) {
        Counter.builder(SHADOW_COMPARISONS).description("Shadowed requests compared, by result")
            .tags("rule", rule, "result", result)
            .register(this.registry)
            .increment();
    }

    public void shadowDiffered(String rule, int differences) {
        Counter.builder(SHADOW_DIFFS).description("Differences found between monolith and service responses")
            .tags("rule", rule)
            .register(this.registry)
            .increment(differences);
    }

    public void rolledBack(String rule) {
        Counter.builder(ROLLBACKS).description("Rules switched back to the monolith by the error-rate guard")
            .tags("rule", rule)
            .register(this.registry)
            .increment();
    }

    public void alarmRaised(String rule) {
        Counter.builder(ROLLBACK_ALARMS)
            .description("Write rules whose service failed too often: the proxy alarms and leaves the move to the "
                    + "operator")
            .tags("rule", rule)
            .register(this.registry)
            .increment();
    }

    public void failureExcused(String rule) {
        Counter.builder(ROLLBACK_EXCUSED)
            .description("Service failures not counted by the error-rate guard because the monolith failed the same "
                    + "request too")
            .tags("rule", rule)
            .register(this.registry)
            .increment();
    }

    public MeterRegistry registry() {
        return this.registry;
    }

}
