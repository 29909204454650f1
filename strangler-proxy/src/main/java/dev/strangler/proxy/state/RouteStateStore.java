package dev.strangler.proxy.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;

/**
 * Each rule's runtime mode in {@code $STRANGLER_HOME/proxy/route-state.json}, replaced atomically on every switch.
 * Only what changes at runtime is stored; what a rule matches always comes from configuration.
 */
final class RouteStateStore implements RouteStates {

    static final String FILE_NAME = "route-state.json";

    private final ProxyHome home;

    private final Path file;

    private final JsonMapper json;

    RouteStateStore(ProxyHome home, JsonMapper json) {
        this.home = home;
        this.file = home.file(FILE_NAME);
        this.json = json;
    }

    /** A rule's stored mode. */
    record SavedState(RouteMode mode, int percent, long version) {
    }

    /** Stored state by rule id; empty when nothing was ever switched. A damaged file stops start-up. */
    @Override
    public Map<String, SavedState> load() {
        if (!Files.exists(this.file)) {
            return Map.of();
        }
        try {
            JsonNode root = this.json.readTree(Files.readString(this.file));
            JsonNode rules = root.get("rules");
            if (rules == null || !rules.isObject()) {
                throw damaged("no 'rules' object");
            }
            Map<String, SavedState> saved = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : rules.properties()) {
                JsonNode state = entry.getValue();
                RouteMode mode = RouteMode.valueOf(state.get("mode").asString());
                saved.put(entry.getKey(),
                        new SavedState(mode, state.get("percent").intValue(), state.get("version").longValue()));
            }
            return saved;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read route state " + this.file, ex);
        }
        catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
            throw damaged(ex.getMessage());
        }
    }

    // One replica owns the file, so nobody else can have switched the rule in between.
    @Override
    public void save(RouteTable next, RouteRule before, RouteRule switched, String actor, String reason) {
        save(next);
    }

    @Override
    public String where() {
        return this.file.toString();
    }

    void save(RouteTable table) {
        Map<String, Object> rules = new LinkedHashMap<>();
        for (RouteRule rule : table.rules()) {
            rules.put(rule.id(), Map.of("mode", rule.mode().name(), "percent", rule.percent(), "version",
                    rule.version()));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", 1);
        document.put("rules", rules);
        try {
            this.home.writeAtomically(this.file, this.json.writeValueAsBytes(document));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write route state " + this.file, ex);
        }
    }

    Path file() {
        return this.file;
    }

    private IllegalStateException damaged(String reason) {
        return new IllegalStateException("Route state " + this.file + " is damaged (" + reason
                + "); fix or remove it (every rule then starts in its configured mode)");
    }

}
