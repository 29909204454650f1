package dev.strangler.plans.connect;

import dev.strangler.plans.runner.Engines;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves one direction of a pipeline that runs in cdc-sync onto a Kafka Connect cluster without a new snapshot: the
 * pipeline is stopped in cdc-sync (a slot has one reader), the connectors are created {@code STOPPED}, the source's
 * offset is set to the Debezium offset the in-process applier stored with its rows ({@code strangler_sync_position}),
 * and both resume. Debezium then reads the same slot from that position; the sink skips what the app applied already
 * (its partitions start behind the last row the app applied, handed to it in {@code strangler.moved.*}).
 *
 * <p>Everything that can be checked is checked before anything changes (Connect answers, the pipeline runs in that
 * direction, no connector of those names exists); a step that fails after the stop is undone (connectors deleted,
 * the pipeline started again in cdc-sync).
 *
 * <p>cdc-sync records the move with the pipeline's direction in the target ({@code POST /pipelines/{name}/runs-on}),
 * stops the pipeline, and from then on refuses to start it (a start, a switch, a restart's auto-start) and shows it
 * as {@code ON_CONNECT} with the position the sink applied. {@link PipelineMoveBack} brings it back.
 */
public final class PipelineMove {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SLOT_RELEASE = Duration.ofSeconds(60);

    private final ConnectCluster cluster;
    private final Engines engines;
    private final String actor;
    private final Consumer<String> progress;

    public PipelineMove(ConnectCluster cluster, Engines engines, String actor, Consumer<String> progress) {
        this.cluster = cluster;
        this.engines = engines;
        this.actor = actor;
        this.progress = progress;
    }

    /**
     * @param connectors the source and the sink, as {@link ConnectorConfigs#of} writes them
     * @throws IllegalStateException naming what is wrong; nothing changed, or what changed was undone
     */
    public void move(String pipeline, String direction, List<ConnectorConfigs.Connector> connectors,
            ConnectorConfigs.Databases databases) {
        ConnectorConfigs.Connector source = connectors.get(0);
        cluster.requireAnswers();
        Engines.PipelineView running = engines.pipeline(pipeline).orElseThrow(() -> new IllegalStateException(
                "cdc-sync has no pipeline '" + pipeline + "'; nothing changed"));
        if (running.state().equals("ON_CONNECT")) {
            throw new IllegalStateException("Pipeline '" + pipeline + "' runs on " + running.runsOn() + " already. "
                    + "Nothing changed");
        }
        if (!running.state().equals("RUNNING")) {
            throw new IllegalStateException("Pipeline '" + pipeline + "' is not running in cdc-sync (state "
                    + running.state() + "): --from-running moves a running pipeline; without it the connectors "
                    + "start with a new snapshot. Nothing changed");
        }
        if (!running.direction().equalsIgnoreCase(direction)) {
            throw new IllegalStateException("Pipeline '" + pipeline + "' runs " + running.direction().toLowerCase(Locale.ROOT)
                    + " in cdc-sync, not " + direction + "; nothing changed");
        }
        for (ConnectorConfigs.Connector connector : connectors) {
            if (cluster.exists(connector.name())) {
                throw new IllegalStateException("Connector " + connector.name() + " already exists on " + cluster.url()
                        + "; nothing changed");
            }
        }
        List<String> names = connectors.stream().map(ConnectorConfigs.Connector::name).toList();
        // Recorded before the connectors exist: from here on no start of cdc-sync takes the slot back.
        engines.pipelineRunsOnConnect(pipeline, cluster.url(), names, "moved to Kafka Connect at " + cluster.url(),
                actor);
        progress.accept("stopped " + pipeline + " in cdc-sync, which records that it runs on " + cluster.url()
                + " and does not start it again");
        List<String> created = new ArrayList<>();
        try {
            AppliedPosition applied = appliedPosition(databases);
            Map<String, Object> offset = applied.offset();
            awaitSlotReleased(databases, source.config().get("slot.name"));
            for (ConnectorConfigs.Connector connector : List.of(source, applied.toldTo(connectors.get(1)))) {
                cluster.createStopped(connector);
                created.add(connector.name());
            }
            cluster.alterSourceOffset(source.name(), Map.of("server", source.config().get("topic.prefix")), offset);
            progress.accept("created " + String.join(" and ", created) + " stopped; " + source.name()
                    + " resumes at LSN " + offset.get("lsn"));
            for (ConnectorConfigs.Connector connector : connectors) {
                cluster.resume(connector.name());
            }
        }
        catch (RuntimeException ex) {
            undo(pipeline, created, ex);
            throw new IllegalStateException("Moving pipeline '" + pipeline + "' to Kafka Connect failed and was undone "
                    + "(connectors " + created + " deleted, the pipeline started again in cdc-sync): "
                    + ex.getMessage(), ex);
        }
        progress.accept("resumed " + String.join(" and ", created) + " on " + cluster.url() + "; move it back with "
                + "--back-to-running");
    }

    private void undo(String pipeline, List<String> created, RuntimeException cause) {
        for (String name : created) {
            try {
                cluster.delete(name);
            }
            catch (RuntimeException ex) {
                cause.addSuppressed(ex);
            }
        }
        try {
            engines.pipelineRunsInSync(pipeline, "move to Kafka Connect failed: " + cause.getMessage(), actor);
            engines.startPipeline(pipeline, "move to Kafka Connect failed: " + cause.getMessage(), actor);
        }
        catch (RuntimeException ex) {
            cause.addSuppressed(ex);
        }
    }

    /**
     * Where the app's applier stopped: the Debezium offset it stored with its last batch (where the source resumes)
     * and the LSNs of the last row it applied (behind which the sink's partitions start, so that a change Debezium
     * sends again is not applied twice).
     */
    private record AppliedPosition(Map<String, Object> offset, @Nullable Long commitLsn, @Nullable Long lsn) {

        /** The sink, told the app's last row (the plugin's {@code strangler.moved.*} settings). */
        ConnectorConfigs.Connector toldTo(ConnectorConfigs.Connector sink) {
            Map<String, String> config = new LinkedHashMap<>(sink.config());
            if (lsn != null) {
                config.put("strangler.moved.lsn", Long.toString(lsn));
                if (commitLsn != null) {
                    config.put("strangler.moved.commit-lsn", Long.toString(commitLsn));
                }
            }
            return new ConnectorConfigs.Connector(sink.name(), config);
        }
    }

    /** The app's applied position; refused while it is still copying. */
    private static AppliedPosition appliedPosition(ConnectorConfigs.Databases databases) {
        try (Connection connection = databases.applied().connect();
                PreparedStatement query = connection.prepareStatement("SELECT source_offset, snapshot, commit_lsn, "
                        + "event_lsn FROM public.strangler_sync_position WHERE stream = ?")) {
            query.setString(1, databases.stream());
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No applied position of stream " + databases.stream() + " in "
                            + databases.applied().jdbcUrl() + " (strangler_sync_position): the pipeline never applied "
                            + "a batch");
                }
                if (rs.getBoolean(2)) {
                    throw new IllegalStateException("Stream " + databases.stream() + " is still in its initial copy; "
                            + "move it once the copy finished");
                }
                Map<String, Object> offset = new LinkedHashMap<>();
                JsonNode stored = JSON.readTree(rs.getString(1));
                for (Map.Entry<String, JsonNode> field : stored.properties()) {
                    // Debezium's own offset map; the nulls it writes are left out (Connect wants values).
                    if (!field.getValue().isNull()) {
                        offset.put(field.getKey(), field.getValue().isNumber() ? field.getValue().numberValue()
                                : field.getValue().isBoolean() ? field.getValue().asBoolean()
                                : field.getValue().asString());
                    }
                }
                if (!(offset.get("lsn") instanceof Number)) {
                    throw new IllegalStateException("The applied position of stream " + databases.stream() + " holds "
                            + "no LSN: " + stored);
                }
                return new AppliedPosition(offset, rs.getObject(3, Long.class), rs.getObject(4, Long.class));
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot read the applied position of stream " + databases.stream()
                    + " from " + databases.applied().jdbcUrl() + ": " + ex.getMessage(), ex);
        }
    }

    /** The app's capture released the slot (its walsender exited), so that Debezium on Connect can take it. */
    static void awaitSlotReleased(ConnectorConfigs.Databases databases, String slot) {
        long deadline = System.nanoTime() + SLOT_RELEASE.toNanos();
        try (Connection connection = databases.captured().connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            while (true) {
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("Replication slot " + slot + " does not exist in "
                                + databases.captured().jdbcUrl() + ": nothing to resume from");
                    }
                    if (!rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Replication slot " + slot + " is still in use " + SLOT_RELEASE
                            + " after its reader stopped");
                }
                Thread.sleep(100);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot check replication slot " + slot + " in "
                    + databases.captured().jdbcUrl() + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for slot " + slot, ex);
        }
    }
}
