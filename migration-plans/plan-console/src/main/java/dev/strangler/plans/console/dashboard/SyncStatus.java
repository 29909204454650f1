package dev.strangler.plans.console.dashboard;

import dev.strangler.plans.admin.AdminClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Each sync pipeline's direction, state, lag, stray writes and retained WAL, read server-side from cdc-sync's admin API with cdc-sync's token
 * (the browser never sees that token). The console does not depend on cdc-sync: it reads a handful of named fields
 * from its JSON and says plainly when cdc-sync cannot be reached or answers something else.
 */
final class SyncStatus {

    private static final List<String> FIELDS = List.of("state", "direction", "lagMillis", "lastError");

    private static final int STRAY_WRITES_SHOWN = 5;

    private final Supplier<AdminClient> sync;

    SyncStatus(Supplier<AdminClient> sync) {
        this.sync = sync;
    }

    /** Every pipeline as the dashboard shows it, or why cdc-sync cannot be read ({@code reachable} false). */
    Map<String, Object> read() {
        AdminClient client;
        JsonNode root;
        try {
            client = sync.get();
            root = client.get("/pipelines");
        }
        catch (AdminClient.AdminException ex) {
            return unreachable(ex.status() == 503 ? "cdc-sync unreachable: " + ex.getMessage()
                    : "cdc-sync refused: " + ex.getMessage());
        }
        if (root == null || !root.isArray()) {
            return unreachable("cdc-sync answered JSON that is not a list of pipelines");
        }
        List<Map<String, Object>> pipelines = new ArrayList<>();
        for (JsonNode node : root) {
            Map<String, Object> pipeline = new LinkedHashMap<>();
            pipeline.put("name", text(node.has("name") ? node.get("name") : node.get("pipeline")));
            for (String field : FIELDS) {
                JsonNode value = node.get(field);
                pipeline.put(field, (value == null || value.isNull()) ? null
                        : value.isNumber() ? value.numberValue() : text(value));
            }
            // After cutover: writes the monolith still makes on handed-over tables, and WAL the slots hold back.
            JsonNode stray = node.get("strayWrites");
            if (stray != null && stray.isObject()) {
                pipeline.put("strayWrites", strayWrites(stray));
            }
            long retained = -1;
            JsonNode slots = node.get("slots");
            if (slots != null && slots.isArray()) {
                for (JsonNode slot : slots) {
                    retained = Math.max(retained, slot.path("retainedWalBytes").asLong(-1));
                }
            }
            pipeline.put("retainedWalBytes", (retained < 0) ? null : retained);
            // Moved to Kafka Connect: the cluster that runs it now (state ON_CONNECT).
            JsonNode runsOn = node.path("runsOn");
            pipeline.put("runsOn", runsOn.isObject() ? text(runsOn.path("url")) : null);
            pipelines.add(pipeline);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reachable", true);
        view.put("url", client.base().toString());
        view.put("pipelines", pipelines);
        return view;
    }

    /**
     * cdc-sync's stray writes of a pipeline (writes to its shared tables by anything but the reverse sync), when this
     * cdc-sync watches for them: the count and the latest few, one line each.
     */
    private static Map<String, Object> strayWrites(JsonNode stray) {
        List<String> last = new ArrayList<>();
        for (JsonNode write : stray.path("last")) {
            if (last.size() == STRAY_WRITES_SHOWN) {
                break;
            }
            last.add(write.path("operation").asString() + " " + write.path("table").asString() + " "
                    + write.path("key") + " at " + write.path("commitTime").asString() + " (tx "
                    + write.path("txId").asString() + ")");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("count", stray.path("count").asLong());
        // Not replayed yet: what still needs a person (count is every stray write ever recorded).
        view.put("unresolved", stray.has("unresolved") ? stray.get("unresolved").asLong() : null);
        view.put("last", last);
        return view;
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static Map<String, Object> unreachable(String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reachable", false);
        view.put("reason", reason);
        return view;
    }

}
