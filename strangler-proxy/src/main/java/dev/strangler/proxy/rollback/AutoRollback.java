package dev.strangler.proxy.rollback;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.ServiceOutcomes;
import dev.strangler.proxy.state.RouteSwitchboard;

/**
 * Acts on a rule whose service fails too often: a read rule is switched back to the monolith; a write rule (one
 * that takes POST, PUT, PATCH or DELETE) is left where it is and an alarm is raised, because after cutover sync
 * runs service-to-monolith only and a write sent to the monolith would reach no one. Each version of a rule gets a
 * fresh window, so switching a rule on again starts from a clean slate instead of tripping on old failures.
 * <p>
 * A read the service fails is retried on the monolith; when the monolith fails that same request too, the failure
 * is excused (not counted at all, neither as a call nor as a failure): bad input from any client must not move a
 * rule, and counting it as a success would let a flood of it hide a genuinely failing service.
 */
@Component
class AutoRollback implements ServiceOutcomes {

    private static final Logger logger = LoggerFactory.getLogger(AutoRollback.class);

    private final RollbackSettings settings;

    private final RouteSwitchboard switchboard;

    private final ProxyMetrics metrics;

    private final RollbackAlarms alarms;

    private final Clock clock;

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** Methods that change nothing: a rule taking only these may be moved back without losing a write. */
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    AutoRollback(RollbackSettings settings, RouteSwitchboard switchboard, ProxyMetrics metrics,
            RollbackAlarms alarms) {
        this.settings = settings;
        this.switchboard = switchboard;
        this.metrics = metrics;
        this.alarms = alarms;
        this.clock = Clock.systemUTC();
    }

    /** The window of one version of one rule. */
    private record Watch(long version, ErrorRateWindow window, AtomicBoolean tripped) {
    }

    @Override
    public void serviceAnswered(RouteRule rule, Outcome outcome) {
        if (!this.settings.enabled()) {
            return;
        }
        if (outcome == Outcome.FAILED_LIKE_MONOLITH) {
            this.metrics.failureExcused(rule.id());
            return;
        }
        boolean failed = outcome == Outcome.FAILED;
        // A plain read on the request path; the map is only written (under its lock) when a rule's version changes.
        Watch watch = this.watches.get(rule.id());
        if (watch == null || watch.version() != rule.version()) {
            watch = this.watches.compute(rule.id(), (id, existing) -> (existing != null
                    && existing.version() == rule.version()) ? existing
                            : new Watch(rule.version(), new ErrorRateWindow(this.settings.window()),
                                    new AtomicBoolean()));
        }
        ErrorRateWindow.Counts counts = watch.window().record(failed, this.clock.millis());
        if (counts.calls() >= this.settings.minRequests() && counts.errorRate() >= this.settings.errorRate()
                && watch.tripped().compareAndSet(false, true)) {
            String reason = String.format("service error rate %.0f%% (%d of %d calls) over the last %ds reached the "
                    + "%.0f%% threshold", counts.errorRate() * 100, counts.failures(), counts.calls(),
                    this.settings.window().toSeconds(), this.settings.errorRate() * 100);
            // Off the event loop: both the switch and the alarm's audit entry force files to disk.
            Runnable act = takesWrites(rule) ? () -> this.alarms.raise(rule, reason) : () -> rollBack(rule, reason);
            Mono.fromRunnable(act).subscribeOn(Schedulers.boundedElastic()).subscribe();
        }
    }

    static boolean takesWrites(RouteRule rule) {
        return !READS.containsAll(rule.methods());
    }

    private void rollBack(RouteRule rule, String reason) {
        try {
            this.switchboard.rollBack(rule.id(), reason).ifPresent((switched) -> {
                this.metrics.rolledBack(rule.id());
                logger.warn("Rolled rule " + rule.id() + " back to the monolith: " + reason);
            });
        }
        catch (RuntimeException ex) {
            logger.error("Could not roll rule " + rule.id() + " back to the monolith", ex);
        }
    }

}
