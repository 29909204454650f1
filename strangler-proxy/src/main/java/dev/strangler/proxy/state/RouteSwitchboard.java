package dev.strangler.proxy.state;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.strangler.proxy.audit.AuditEntry;
import dev.strangler.proxy.audit.AuditLog;
import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;
import dev.strangler.proxy.routing.Routes;

/**
 * The one place a rule's mode changes. A switch is stored durably first and only then made live, so what the
 * proxy does never runs ahead of what a restart would restore; then it is audited. With shared state, switches
 * other replicas stored are {@linkplain #adopt adopted} the same way: one atomic swap of the table.
 */
public class RouteSwitchboard {

    /** Actor recorded for switches made by the error-rate guard. */
    public static final String AUTO_ROLLBACK = "auto-rollback";

    private static final Logger logger = LoggerFactory.getLogger(RouteSwitchboard.class);

    private final Routes routes;

    private final RouteStates store;

    private final AuditLog audit;

    private final Clock clock;

    RouteSwitchboard(Routes routes, RouteStates store, AuditLog audit, Clock clock) {
        this.routes = routes;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Switches a rule.
     * @param ifMatch the ETag the caller last saw, {@code *}, or {@code null} to switch whatever the version
     * @throws UnknownRuleException if no rule has the id
     * @throws StaleVersionException if the rule changed since the caller's ETag
     * @throws StateUnavailableException if the durable state cannot be reached; nothing changed
     */
    public synchronized RouteRule switchRule(String id, RouteMode mode, int percent, @Nullable String ifMatch,
            String actor, String reason) {
        for (int attempt = 1;; attempt++) {
            RouteTable table = this.routes.current();
            RouteRule rule = table.rule(id).orElseThrow(() -> new UnknownRuleException(id));
            if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(rule.etag())) {
                throw new StaleVersionException(rule);
            }
            try {
                return apply(table, rule, mode, percent, actor, reason);
            }
            catch (RouteStates.SwitchedElsewhereException ex) {
                // Another replica won; catch up so the caller's ETag is checked against (or, without one, the
                // switch builds on) what that replica stored.
                adopt(this.store.load());
                if (attempt == 3) {
                    throw new StaleVersionException(this.routes.current().rule(id).orElse(rule));
                }
            }
        }
    }

    /** Switches a rule back to the monolith unless it already no longer sends traffic to its service. */
    public synchronized Optional<RouteRule> rollBack(String id, String reason) {
        RouteTable table = this.routes.current();
        try {
            return table.rule(id)
                .filter((rule) -> rule.mode() == RouteMode.SERVICE || rule.mode() == RouteMode.CANARY)
                .map((rule) -> apply(table, rule, RouteMode.MONOLITH, rule.percent(), AUTO_ROLLBACK, reason));
        }
        catch (RouteStates.SwitchedElsewhereException ex) {
            // Someone switched the rule meanwhile; that newer decision stands and is watched afresh.
            adopt(this.store.load());
            return Optional.empty();
        }
    }

    /**
     * Makes stored versions newer than the live ones live, in one swap. Older ones are ignored: a read that
     * started before a local switch must not undo it.
     * @return how many rules changed
     */
    synchronized int adopt(Map<String, RouteStateStore.SavedState> saved) {
        RouteTable table = this.routes.current();
        int changed = 0;
        for (RouteRule rule : table.rules()) {
            RouteStateStore.SavedState state = saved.get(rule.id());
            if (state != null && state.version() > rule.version()) {
                table = table.with(rule.restoredTo(state.mode(), state.percent(), state.version()));
                changed++;
                logger.info("Rule " + rule.id() + " switched from " + rule.mode() + " " + rule.percent() + "% to "
                        + state.mode() + " " + state.percent() + "% by another replica");
            }
        }
        if (changed > 0) {
            this.routes.replace(table);
        }
        return changed;
    }

    private RouteRule apply(RouteTable table, RouteRule rule, RouteMode mode, int percent, String actor,
            String reason) {
        RouteRule switched = rule.switchedTo(mode, percent);
        RouteTable next = table.with(switched);
        this.store.save(next, rule, switched, actor, reason);
        this.routes.replace(next);
        logger.info("Rule " + rule.id() + " switched from " + rule.mode() + " " + rule.percent() + "% to " + mode + " "
                + percent + "% by " + actor + ": " + reason);
        this.audit.append(new AuditEntry(this.clock.instant(), actor, rule.id(), rule.mode(), rule.percent(), mode,
                percent, reason));
        return switched;
    }

    /** No rule has the id asked for. */
    public static final class UnknownRuleException extends RuntimeException {

        UnknownRuleException(String id) {
            super("No rule with id '" + id + "'");
        }

    }

    /** The durable route state cannot be reached, so no switch can be stored (and none is made). */
    public static final class StateUnavailableException extends RuntimeException {

        StateUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }

    }

    /** The rule changed since the caller read it. */
    public static final class StaleVersionException extends RuntimeException {

        private final transient RouteRule current;

        StaleVersionException(RouteRule current) {
            super("Rule '" + current.id() + "' has changed; its current ETag is " + current.etag());
            this.current = current;
        }

        public RouteRule current() {
            return this.current;
        }

    }

}
