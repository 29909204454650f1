package dev.strangler.proxy.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One endpoint rule with its current mode: which methods and path it matches, the service that takes the
 * endpoint over, and who answers right now. Immutable; a change makes a new rule with the next version.
 *
 * @param id stable name used by the admin API, the audit log and the {@code X-Strangler-Route} header
 * @param methods the HTTP methods matched
 * @param pattern the path pattern matched against the normalised path
 * @param backend the service taking the endpoint over
 * @param mode who answers now
 * @param percent the share of callers sent to the service in {@link RouteMode#CANARY}
 * @param group rules of one group send each caller to the same side
 * @param why one line saying why the rule exists
 * @param shadow how shadowed responses are compared
 * @param version increases with every change; the admin API's ETag
 */
public record RouteRule(String id, Set<HttpMethod> methods, PathPattern pattern, String backend, RouteMode mode,
        int percent, String group, String why, ShadowPolicy shadow, long version) {

    public RouteRule {
        methods = Set.copyOf(methods);
    }

    boolean matches(HttpMethod method, PathContainer path) {
        return this.methods.contains(method) && this.pattern.matches(path);
    }

    /** The same rule in another mode, one version later. */
    public RouteRule switchedTo(RouteMode newMode, int newPercent) {
        return new RouteRule(this.id, this.methods, this.pattern, this.backend, newMode, newPercent, this.group,
                this.why, this.shadow, this.version + 1);
    }

    /** The same rule with a mode restored from durable state. */
    public RouteRule restoredTo(RouteMode restoredMode, int restoredPercent, long restoredVersion) {
        return new RouteRule(this.id, this.methods, this.pattern, this.backend, restoredMode, restoredPercent,
                this.group, this.why, this.shadow, restoredVersion);
    }

    public String etag() {
        return "\"" + this.id + "-v" + this.version + "\"";
    }


    /** The rule as the admin API and the dashboard show it (JSON field order is the reading order). */
    public Map<String, Object> describe() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("methods", methods.stream().map(HttpMethod::name).sorted().toList());
        view.put("path", pattern.getPatternString());
        view.put("backend", backend);
        view.put("mode", mode.name());
        view.put("percent", percent);
        view.put("group", group);
        view.put("why", why);
        view.put("version", version);
        view.put("etag", etag());
        return view;
    }
}
