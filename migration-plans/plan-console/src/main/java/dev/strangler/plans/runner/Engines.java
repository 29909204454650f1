package dev.strangler.plans.runner;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminClient.AdminException;
import dev.strangler.plans.plan.RouteSetting;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The engines as the runner sees them: the proxy's and cdc-sync's HTTP admin APIs, nothing else. Every figure a
 * gate uses and every change a phase makes goes through here.
 */
public final class Engines {

    /** One proxy rule as it routes now. */
    public record RouteView(String rule, String mode, int percent) {

        @Override
        public String toString() {
            return "CANARY".equals(mode) ? "CANARY " + percent + "%" : mode;
        }
    }

    /** A sync pipeline as it runs now. */
    public record PipelineView(String name, String state, String direction, long lagMillis,
            @Nullable String runsOn) {

        /** The state, and where it runs when not in cdc-sync ({@code ON_CONNECT on Kafka Connect at ...}). */
        public String where() {
            return runsOn == null ? state : state + " on " + runsOn;
        }
    }

    /**
     * cdc-sync's verifier verdict ({@code POST /pipelines/{name}/verify}).
     *
     * @param differing keys (with columns) that differ, as the verifier words them
     */
    public record Verification(boolean inSync, long rowsCompared, List<String> missing, List<String> extra,
            List<String> differing, List<String> inFlight, long tookMillis) {
    }

    /**
     * What the monolith answered for one proxy rule in a window ending now
     * ({@code GET /admin/routes/{id}/traffic?window=...}).
     *
     * @param byBackend requests by who answered: {@code monolith}, {@code fallback} (the service failed a read),
     *        {@code shadow} (the monolith answered, the service got a copy), {@code service}
     * @param covered false when the proxy started within the window: its history (kept in memory) does not reach back
     * @param historySince when the proxy's history begins
     */
    public record RouteTraffic(String rule, Map<String, Long> byBackend, boolean covered, String historySince) {

        public RouteTraffic {
            byBackend = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byBackend));
        }

        /** Requests the monolith answered: in MONOLITH mode, as a fallback, or while shadowing. */
        public long monolithAnswered() {
            return byBackend.getOrDefault("monolith", 0L) + byBackend.getOrDefault("fallback", 0L)
                    + byBackend.getOrDefault("shadow", 0L);
        }
    }

    /**
     * cdc-sync's stray writes of a pipeline since an instant ({@code GET /pipelines/{name}/stray-writes?since=...}):
     * writes to the pipeline's shared tables made by anything but the reverse sync after the write cutover.
     *
     * @param writes the latest ones, each as one line (table, key, operation, commit time, transaction)
     */
    public record StrayWrites(long count, List<String> writes) {

        public StrayWrites {
            writes = List.copyOf(writes);
        }
    }

    private final Supplier<AdminClient> proxyClient;
    private final Supplier<AdminClient> syncClient;
    private @Nullable String syncPrefix;

    public Engines(AdminClient proxy, AdminClient sync) {
        this(() -> proxy, () -> sync);
    }

    /**
     * Engines whose clients are made on first use, so that a command reads only the token of the engine it talks to
     * ({@code strangler verify} needs cdc-sync's, never the proxy's).
     */
    public Engines(Supplier<AdminClient> proxy, Supplier<AdminClient> sync) {
        this.proxyClient = memoized(proxy);
        this.syncClient = memoized(sync);
    }

    private static Supplier<AdminClient> memoized(Supplier<AdminClient> make) {
        AtomicReference<@Nullable AdminClient> made = new AtomicReference<>();
        return () -> {
            AdminClient client = made.get();
            if (client == null) {
                client = make.get();
                made.set(client);
            }
            return client;
        };
    }

    public RouteView route(String rule) {
        JsonNode view = proxyClient.get().get("/admin/routes/" + rule);
        return new RouteView(rule, view.path("mode").asString(), view.path("percent").asInt());
    }

    public RouteView setRoute(String rule, RouteSetting setting, String reason, String actor) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("mode", setting.mode());
        if (setting.isCanary()) {
            change.put("percent", setting.percent());
        }
        change.put("reason", limit(reason));
        JsonNode view = proxyClient.get().put("/admin/routes/" + rule, change, actor);
        return new RouteView(rule, view.path("mode").asString(), view.path("percent").asInt());
    }

    /** The proxy's counters: requests by rule, target and outcome, and shadow comparisons of the given rules. */
    public Figures figures(List<String> shadowRules) {
        Map<String, Long> requests = new LinkedHashMap<>();
        for (JsonNode meter : proxyClient.get().get("/admin/metrics")) {
            if ("strangler.proxy.requests".equals(meter.path("name").asString())) {
                JsonNode tags = meter.path("tags");
                requests.merge(Figures.key(tags.path("rule").asString(), tags.path("target").asString(),
                        tags.path("outcome").asString()), (long) meter.path("values").path("count").asDouble(),
                        Long::sum);
            }
        }
        Map<String, Figures.Shadow> shadow = new LinkedHashMap<>();
        for (String rule : shadowRules) {
            JsonNode report = proxyClient.get().get("/admin/routes/" + rule + "/shadow");
            List<String> diffs = new ArrayList<>();
            for (JsonNode diff : report.path("latestDiffs")) {
                List<String> paths = new ArrayList<>();
                diff.path("differences").forEach(difference -> paths.add(difference.path("path").asString()));
                diffs.add(diff.path("method").asString() + " " + diff.path("path").asString() + " " + paths);
            }
            shadow.put(rule, new Figures.Shadow(report.path("compared").asLong(), report.path("differed").asLong(),
                    report.path("failed").asLong(), diffs));
        }
        return new Figures(requests, shadow);
    }

    /** The rule's traffic in the window ending now, or empty when this proxy keeps no traffic history (404). */
    public Optional<RouteTraffic> traffic(String rule, Duration window) {
        return unlessNotFound(() -> proxyClient.get().get("/admin/routes/" + rule + "/traffic?window=" + window)).map(view -> {
            Map<String, Long> byBackend = new LinkedHashMap<>();
            view.path("byBackend").properties().forEach(entry -> byBackend.put(entry.getKey(),
                    entry.getValue().asLong()));
            return new RouteTraffic(rule, byBackend, view.path("covered").asBoolean(),
                    view.path("historySince").asString());
        });
    }

    /** The pipeline's stray writes since the instant, or empty when this cdc-sync does not watch for them (404). */
    public Optional<StrayWrites> strayWrites(String pipeline, Instant since) {
        return unlessNotFound(() -> syncClient.get().get(syncPath("/pipelines/" + pipeline + "/stray-writes?since=" + since)))
                .map(view -> strayWrites(view.path("count"), view.path("writes")));
    }

    /**
     * The pipeline's stray writes as its status reports them ({@code strayWrites} of {@code GET /pipelines/{name}}:
     * the count since the watch began and the latest), or empty when this cdc-sync reports none or has no such
     * pipeline.
     */
    public Optional<StrayWrites> strayWriteSummary(String pipeline) {
        return unlessNotFound(() -> syncClient.get().get(syncPath("/pipelines/" + pipeline))).map(view -> view.path("strayWrites"))
                .filter(JsonNode::isObject).map(stray -> strayWrites(stray.path("count"), stray.path("last")));
    }

    private static StrayWrites strayWrites(JsonNode count, JsonNode latest) {
        List<String> writes = new ArrayList<>();
        for (JsonNode write : latest) {
            writes.add(write.path("operation").asString() + " " + write.path("table").asString() + " "
                    + write.path("key") + " at " + write.path("commitTime").asString() + " (tx "
                    + write.path("txId").asString() + ", lsn " + write.path("lsn").asString() + ")");
        }
        return new StrayWrites(count.asLong(), writes);
    }

    /** The pipeline, or empty when cdc-sync has none of that name. */
    public Optional<PipelineView> pipeline(String name) {
        return unlessNotFound(() -> syncClient.get().get(syncPath("/pipelines/" + name))).map(view -> new PipelineView(name,
                view.path("state").asString(), view.path("direction").asString(), view.path("lagMillis").asLong(),
                runsOn(view.path("runsOn"))));
    }

    /** Where a pipeline moved out of cdc-sync runs, in words; null while it runs there. */
    private static @Nullable String runsOn(JsonNode runsOn) {
        if (!runsOn.isObject()) {
            return null;
        }
        List<String> connectors = new ArrayList<>();
        runsOn.path("connectors").forEach(connector -> connectors.add(connector.asString()));
        long applied = runsOn.path("appliedLsn").asLong(-1);
        return "Kafka Connect at " + runsOn.path("url").asString() + " (connectors " + String.join(", ", connectors)
                + (applied < 0 ? "" : ", applied up to LSN " + applied) + ")";
    }

    /** An engine's answer, or empty when it answered 404 (no such thing, or an engine too old to have it). */
    private static Optional<JsonNode> unlessNotFound(java.util.function.Supplier<JsonNode> call) {
        try {
            return Optional.of(call.get());
        }
        catch (AdminException ex) {
            if (ex.status() == 404) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    /** The verifier's verdict, or empty when this cdc-sync has no verify endpoint (the pipeline exists). */
    public Optional<Verification> verify(String pipeline, String actor) {
        try {
            JsonNode verdict = syncClient.get().post(syncPath("/pipelines/" + pipeline + "/verify"), Map.of(), actor);
            return Optional.of(new Verification(verdict.path("inSync").asBoolean(), verdict.path("rowsCompared")
                    .asLong(), texts(verdict.path("missing")), texts(verdict.path("extra")),
                    texts(verdict.path("differing")), texts(verdict.path("inFlight")),
                    verdict.path("tookMillis").asLong()));
        }
        catch (AdminException ex) {
            if ((ex.status() == 404 || ex.status() == 405) && pipeline(pipeline).isPresent()) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    public void startPipeline(String pipeline, String reason, String actor) {
        syncClient.get().post(syncPath("/pipelines/" + pipeline + "/start"), Map.of("reason", limit(reason)), actor);
    }

    /**
     * Records in cdc-sync that the pipeline runs on the Kafka Connect cluster at {@code cluster} (connectors source
     * first); cdc-sync stops it and does not start it again until {@link #pipelineRunsInSync} clears that.
     */
    public void pipelineRunsOnConnect(String pipeline, URI cluster, List<String> connectors, String reason,
            String actor) {
        syncClient.get().post(syncPath("/pipelines/" + pipeline + "/runs-on"), Map.of("engine", "kafka-connect",
                "url", cluster.toString(), "connectors", connectors, "reason", limit(reason)), actor);
    }

    /** Records in cdc-sync that the pipeline runs there again (it does not start it: {@link #startPipeline}). */
    public void pipelineRunsInSync(String pipeline, String reason, String actor) {
        syncClient.get().post(syncPath("/pipelines/" + pipeline + "/runs-on"), Map.of("engine", "cdc-sync",
                "reason", limit(reason)), actor);
    }

    public void stopPipeline(String pipeline, String reason, String actor) {
        syncClient.get().post(syncPath("/pipelines/" + pipeline + "/stop"), Map.of("reason", limit(reason)), actor);
    }

    public void prepareSwitch(String pipeline, String direction, String reason, String actor) {
        syncClient.get().post(syncPath("/pipelines/" + pipeline + "/prepare-switch"),
                Map.of("direction", direction, "reason", limit(reason)), actor);
    }

    public void switchDirection(String pipeline, String direction, String reason, String actor) {
        syncClient.get().post(syncPath("/pipelines/" + pipeline + "/switch"),
                Map.of("direction", direction, "reason", limit(reason)), actor);
    }

    /**
     * cdc-sync's admin paths are at the root ({@code /pipelines}); an older cdc-sync served them under {@code /api}.
     * Asked once, on first use.
     */
    private String syncPath(String path) {
        if (syncPrefix == null) {
            try {
                syncClient.get().get("/pipelines");
                syncPrefix = "";
            }
            catch (AdminException ex) {
                if (ex.status() != 404) {
                    throw ex;
                }
                syncClient.get().get("/api/pipelines");
                syncPrefix = "/api";
            }
        }
        return syncPrefix + path;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.isValueNode() ? item.asString() : item.toString()));
        return texts;
    }

    /** Both engines take reasons of at most 500 characters. */
    private static String limit(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 497) + "...";
    }
}
