package dev.strangler.proxy.routing;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The backends and the ordered endpoint rules, as configured (a rules file such as
 * {@code rules/sample-shop.yaml}). Checked as a whole when bound, so a bad file stops start-up naming the key and
 * the reason instead of routing wrongly.
 *
 * @param backends base URL of each backend by name; {@code monolith} is required
 * @param rules endpoint rules, first match wins
 * @param routeHeaders whether responses carry {@code X-Strangler-Route} and {@code X-Strangler-Target}
 */
@ConfigurationProperties("strangler.proxy")
record ProxySettings(Map<String, URI> backends, @DefaultValue List<RuleSettings> rules,
        @DefaultValue("true") boolean routeHeaders) {

    private static final String PREFIX = "strangler.proxy";

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    ProxySettings {
        if ((backends == null || backends.isEmpty()) && rules.isEmpty()) {
            // Nothing configured at all: no rules file was given. The proxy has no default (not the sample shop's).
            throw invalid("backends", "no rules file, so no backends and no rules: the proxy would route nothing. "
                    + "Write one with 'strangler init' (it writes proxy-rules.yaml and the stack file that names it), "
                    + "or point the proxy at one: STRANGLER_RULES=file:/path/to/rules.yaml "
                    + "(or --spring.config.import=file:/path/to/rules.yaml)");
        }
        if (backends == null || !backends.containsKey(RouteTable.MONOLITH)) {
            throw invalid("backends.monolith", "a backend named 'monolith' is required: it answers every request no rule takes");
        }
        backends.forEach((name, url) -> checkBackend(name, url));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleSettings rule = rules.get(i);
            String key = "rules[" + i + "]";
            rule.check(key, backends.keySet());
            if (!ids.add(rule.id())) {
                throw invalid(key + ".id", "duplicate rule id '" + rule.id() + "'");
            }
        }
        backends = Map.copyOf(backends);
        rules = List.copyOf(rules);
    }

    private static void checkBackend(String name, @Nullable URI url) {
        String key = "backends[" + name + "]";
        if (url == null || url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme())
                || url.getHost() == null) {
            throw invalid(key, "must be an absolute http(s) URL such as http://localhost:8080, was " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw invalid(key, "must not have a query or fragment, was " + url);
        }
    }

    static IllegalArgumentException invalid(String key, String reason) {
        return new IllegalArgumentException(PREFIX + "." + key + ": " + reason);
    }

    RouteTable routeTable() {
        return new RouteTable(this.rules.stream().map(RuleSettings::toRule).toList());
    }

    /**
     * One endpoint rule as configured.
     *
     * @param group defaults to the backend, so every rule of one service keeps a caller on the same side
     */
    record RuleSettings(String id, @DefaultValue List<String> methods, String path, String backend,
            @DefaultValue("MONOLITH") RouteMode mode, @DefaultValue("0") int percent, @Nullable String group,
            String why, @DefaultValue ShadowSettings shadow) {

        void check(String key, Set<String> backendNames) {
            if (this.id == null || !RULE_ID.matcher(this.id).matches()) {
                throw invalid(key + ".id", "must be lower-case letters, digits and dashes, was '" + this.id + "'");
            }
            if (this.methods.isEmpty()) {
                throw invalid(key + ".methods", "must name at least one HTTP method");
            }
            for (String method : this.methods) {
                if (!METHODS.contains(method.toUpperCase(Locale.ROOT))) {
                    throw invalid(key + ".methods", "unknown HTTP method '" + method + "' (known: " + METHODS + ")");
                }
            }
            if (this.path == null || !this.path.startsWith("/")) {
                throw invalid(key + ".path", "must be a path pattern starting with '/', was '" + this.path + "'");
            }
            try {
                PathPatternParser.defaultInstance.parse(this.path);
            }
            catch (PatternParseException ex) {
                throw invalid(key + ".path", "not a valid path pattern: " + ex.getMessage());
            }
            if (this.backend == null || !backendNames.contains(this.backend)) {
                throw invalid(key + ".backend", "unknown backend '" + this.backend + "' (known: " + backendNames + ")");
            }
            if (this.percent < 0 || this.percent > 100) {
                throw invalid(key + ".percent", "must be between 0 and 100, was " + this.percent);
            }
            if (this.why == null || this.why.isBlank() || this.why.contains("\n")) {
                throw invalid(key + ".why", "must be one non-blank line saying why the rule exists");
            }
            this.shadow.check(key + ".shadow");
        }

        RouteRule toRule() {
            Set<HttpMethod> httpMethods = new LinkedHashSet<>();
            this.methods.forEach((method) -> httpMethods.add(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT))));
            PathPattern pattern = PathPatternParser.defaultInstance.parse(this.path);
            String ruleGroup = (this.group != null && !this.group.isBlank()) ? this.group : this.backend;
            return new RouteRule(this.id, httpMethods, pattern, this.backend, this.mode, this.percent, ruleGroup,
                    this.why, this.shadow.toPolicy(), 1);
        }

    }

    /** Comparison settings for a rule in SHADOW mode; see {@link ShadowPolicy}. */
    record ShadowSettings(@DefaultValue("false") boolean allowWrites,
            @DefaultValue("Content-Type") List<String> compareHeaders, @DefaultValue List<String> ignore,
            @DefaultValue("false") boolean ignoreArrayOrder, @DefaultValue("0") BigDecimal numericTolerance,
            @DefaultValue("false") boolean notFoundAsEmpty) {

        void check(String key) {
            for (String pointer : this.ignore) {
                if (!pointer.startsWith("/")) {
                    throw invalid(key + ".ignore", "'" + pointer + "' is not a JSON Pointer (it must start with '/')");
                }
            }
            if (this.numericTolerance.signum() < 0) {
                throw invalid(key + ".numeric-tolerance", "must not be negative, was " + this.numericTolerance);
            }
        }

        ShadowPolicy toPolicy() {
            return new ShadowPolicy(this.allowWrites, new ArrayList<>(this.compareHeaders), this.ignore,
                    this.ignoreArrayOrder, this.numericTolerance, this.notFoundAsEmpty);
        }

    }

}
