package dev.strangler.proxy.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.strangler.proxy.traffic.TrafficHistory;

/**
 * The answer of {@code GET /admin/routes/{id}/traffic?window=PT30S}: a rule's requests by answering backend in the
 * window ending now, and whether the proxy's in-memory history covers that window.
 */
final class TrafficView {

    static final String DEFAULT_WINDOW = "PT15M";

    private final TrafficHistory history;

    TrafficView(TrafficHistory history) {
        this.history = history;
    }

    /** @throws IllegalArgumentException naming the problem with the window */
    Map<String, Object> report(String rule, String windowText) {
        Duration window;
        try {
            window = Duration.parse(windowText);
        }
        catch (DateTimeParseException ex) {
            window = Duration.ZERO;
        }
        if (window.toSeconds() < 1 || window.compareTo(TrafficHistory.LONGEST) > 0) {
            throw new IllegalArgumentException("window must be an ISO-8601 duration from PT1S to PT24H, e.g. PT30S, "
                    + "not '" + windowText + "'");
        }
        TrafficHistory.Counts counts = this.history.counts(rule, window);
        Map<String, Long> byBackend = new LinkedHashMap<>();
        for (TrafficHistory.Backend backend : TrafficHistory.Backend.values()) {
            byBackend.put(backend.key(), counts.byBackend().get(backend));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rule", rule);
        body.put("window", window.toString());
        body.put("from", counts.from().toString());
        body.put("to", counts.to().toString());
        body.put("covered", counts.covered());
        body.put("historySince", this.history.since().toString());
        body.put("byBackend", byBackend);
        body.put("monolithAnswered", counts.monolithAnswered());
        return body;
    }

}
