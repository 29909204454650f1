package dev.strangler.proxy.rollback;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.strangler.proxy.audit.AuditEntry;
import dev.strangler.proxy.audit.AuditLog;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.Routes;
import dev.strangler.proxy.state.RouteSwitchboard;

/**
 * Alarms the error-rate guard raised instead of moving a write rule. After cutover, sync runs service-to-monolith
 * only, so a write sent back to the monolith would reach no one: the proxy (a data plane) never makes that move on
 * its own. An alarm stands until the rule is switched (by the operator or the plan's rollback, which switches sync
 * back first); health reports every standing alarm.
 */
@Component
public class RollbackAlarms {

    private static final Logger logger = LoggerFactory.getLogger(RollbackAlarms.class);

    private final Routes routes;

    private final AuditLog audit;

    private final ProxyMetrics metrics;

    private final Clock clock;

    private final Map<String, Alarm> raised = new ConcurrentHashMap<>();

    RollbackAlarms(Routes routes, AuditLog audit, ProxyMetrics metrics) {
        this.routes = routes;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /**
     * One standing alarm.
     *
     * @param rule the write rule whose service fails
     * @param mode the rule's mode, left as it is
     * @param version the rule's version when the alarm was raised; switching the rule answers the alarm
     * @param since when it was raised
     * @param reason the figure that raised it
     * @param action what the operator should do
     */
    public record Alarm(String rule, RouteMode mode, long version, Instant since, String reason, String action) {
    }

    /** The alarms whose rule is still the version they were raised for, oldest first. */
    public List<Alarm> standing() {
        return this.raised.values()
            .stream()
            .filter((alarm) -> this.routes.current()
                .rule(alarm.rule())
                .filter((rule) -> rule.version() == alarm.version())
                .isPresent())
            .sorted(Comparator.comparing(Alarm::since))
            .toList();
    }

    void raise(RouteRule rule, String reason) {
        Alarm alarm = new Alarm(rule.id(), rule.mode(), rule.version(), this.clock.instant(), reason,
                "the proxy does not move a write rule on its own: check the service, then run `strangler plan "
                        + "rollback <plan>` (switches sync back to monolith-to-service first, then the routes) or "
                        + "switch the rule yourself");
        this.raised.put(rule.id(), alarm);
        this.metrics.alarmRaised(rule.id());
        try {
            // Same mode on both sides: the entry records that the guard acted, and that it moved nothing.
            this.audit.append(new AuditEntry(alarm.since(), RouteSwitchboard.AUTO_ROLLBACK, rule.id(), rule.mode(),
                    rule.percent(), rule.mode(), rule.percent(), "alarm, not switched: " + reason + "; "
                            + alarm.action()));
        }
        catch (RuntimeException ex) {
            logger.error("Could not audit the alarm on rule " + rule.id(), ex);
        }
        logger.error("Alarm on write rule " + rule.id() + " (left in " + rule.mode() + "): " + reason + "; "
                + alarm.action());
    }

}
