package dev.strangler.proxy.rollback;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.ServiceOutcomes;
import dev.strangler.proxy.state.RouteSwitchboard;

/**
 * Switches a rule back to the monolith when its service fails too often. Each version of a rule gets a fresh
 * window, so switching a rule on again starts from a clean slate instead of tripping on old failures.
 */
@Component
class AutoRollback implements ServiceOutcomes {

    private static final Log logger = LogFactory.getLog(AutoRollback.class);

    private final RollbackSettings settings;

    private final RouteSwitchboard switchboard;

    private final ProxyMetrics metrics;

    private final Clock clock;

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    AutoRollback(RollbackSettings settings, RouteSwitchboard switchboard, ProxyMetrics metrics) {
        this.settings = settings;
        this.switchboard = switchboard;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /** The window of one version of one rule. */
    private record Watch(long version, ErrorRateWindow window, AtomicBoolean tripped) {
    }

    @Override
    public void serviceAnswered(RouteRule rule, boolean failed) {
        if (!this.settings.enabled()) {
            return;
        }
        Watch watch = this.watches.compute(rule.id(), (id, existing) -> (existing != null
                && existing.version() == rule.version()) ? existing
                        : new Watch(rule.version(), new ErrorRateWindow(this.settings.window()), new AtomicBoolean()));
        ErrorRateWindow.Counts counts = watch.window().record(failed, this.clock.millis());
        if (counts.calls() >= this.settings.minRequests() && counts.errorRate() >= this.settings.errorRate()
                && watch.tripped().compareAndSet(false, true)) {
            String reason = String.format("service error rate %.0f%% (%d of %d calls) over the last %ds reached the "
                    + "%.0f%% threshold", counts.errorRate() * 100, counts.failures(), counts.calls(),
                    this.settings.window().toSeconds(), this.settings.errorRate() * 100);
            // Off the event loop: the switch forces files to disk.
            Mono.fromRunnable(() -> rollBack(rule, reason)).subscribeOn(Schedulers.boundedElastic()).subscribe();
        }
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
