package dev.strangler.proxy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/**
 * An immutable snapshot of the ordered endpoint rules and the backends they name. A request is decided against
 * one snapshot from start to end, so a change never applies to half a request.
 */
public final class RouteTable {

    /** Name of the backend that answers whatever no rule matches. */
    public static final String MONOLITH = "monolith";

    private final List<RouteRule> rules;

    private final Map<String, RouteRule> byId;

    public RouteTable(List<RouteRule> rules) {
        this.rules = List.copyOf(rules);
        this.byId = this.rules.stream().collect(Collectors.toUnmodifiableMap(RouteRule::id, Function.identity()));
    }

    /** The first rule that matches, in configuration order; empty means the default route to the monolith. */
    public Optional<RouteRule> match(HttpMethod method, String normalisedPath) {
        PathContainer path = PathContainer.parsePath(normalisedPath);
        for (RouteRule rule : this.rules) {
            if (rule.matches(method, path)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    public List<RouteRule> rules() {
        return this.rules;
    }

    public Optional<RouteRule> rule(String id) {
        return Optional.ofNullable(this.byId.get(id));
    }

    /** A new table with one rule replaced; this table is left as it was. */
    public RouteTable with(RouteRule changed) {
        List<RouteRule> next = new ArrayList<>(this.rules.size());
        for (RouteRule rule : this.rules) {
            next.add(rule.id().equals(changed.id()) ? changed : rule);
        }
        return new RouteTable(next);
    }

}
