package dev.strangler.proxy.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The proxy's meters. Names and tags are a contract with dashboards and migration gates: change them only with a
 * note in the README.
 * <p>
 * The meters counted on every request are registered once per tag combination and then kept: building a meter's
 * tags and looking it up in the registry on each request cost more than the count itself. Their tags come from the
 * configured rules and backends and a fixed set of outcomes, never from a request, so the cache stays small.
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

    private final ConcurrentMap<Completion, Counter> requests = new ConcurrentHashMap<>();

    private final ConcurrentMap<Answer, Timer> latencies = new ConcurrentHashMap<>();

    private final ConcurrentMap<Answer, Counter> fallbacks = new ConcurrentHashMap<>();

    ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request answered (or refused) by the proxy; latency is until the response headers were known. */
    public void requestCompleted(String rule, String target, String outcome, Duration latency) {
        Completion completion = new Completion(rule, target, outcome);
        Counter requests = this.requests.get(completion);
        if (requests == null) {
            requests = this.requests.computeIfAbsent(completion, (c) -> Counter.builder(REQUESTS)
                .description("Requests by endpoint rule, answering backend and outcome")
                .tags("rule", c.rule(), "target", c.target(), "outcome", c.outcome())
                .register(this.registry));
        }
        requests.increment();
        Answer answer = new Answer(rule, target);
        Timer timer = this.latencies.get(answer);
        if (timer == null) {
            timer = this.latencies.computeIfAbsent(answer, (a) -> Timer.builder(LATENCY)
                .description("Time until the answering backend's response headers arrived")
                .tags("rule", a.rule(), "target", a.value())
                .register(this.registry));
        }
        timer.record(latency);
    }

    public void fellBack(String rule, String reason) {
        this.fallbacks.computeIfAbsent(new Answer(rule, reason), (a) -> Counter.builder(FALLBACKS)
            .description("Safe requests answered by the monolith because the service failed")
            .tags("rule", a.rule(), "reason", a.value())
            .register(this.registry))
            .increment();
    }

    /** The tags of one {@link #REQUESTS} counter. */
    private record Completion(String rule, String target, String outcome) {
    }

    /** A rule and one more tag's value: a {@link #LATENCY} timer's target, a {@link #FALLBACKS} counter's reason. */
    private record Answer(String rule, String value) {
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
