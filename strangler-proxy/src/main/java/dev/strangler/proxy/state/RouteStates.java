package dev.strangler.proxy.state;

import java.util.Map;

import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;

/**
 * Where each rule's runtime mode is kept durably: a file for one replica, or a shared table for several.
 */
interface RouteStates {

    /** Stored state by rule id. */
    Map<String, RouteStateStore.SavedState> load();

    /**
     * Stores a switch before it goes live.
     * @throws SwitchedElsewhereException if another replica switched the rule since {@code before} was read
     * @throws RouteSwitchboard.StateUnavailableException if the store cannot be reached; nothing was stored
     */
    void save(RouteTable next, RouteRule before, RouteRule switched, String actor, String reason);

    /** Where the state is, for log lines. */
    String where();

    /** Another replica stored a newer version of the rule first. */
    final class SwitchedElsewhereException extends RuntimeException {

        SwitchedElsewhereException(String id) {
            super("Rule '" + id + "' was switched by another replica");
        }

    }

}
