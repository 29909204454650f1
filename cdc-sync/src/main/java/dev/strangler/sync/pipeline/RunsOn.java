package dev.strangler.sync.pipeline;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a pipeline runs instead of in this cdc-sync: on a Kafka Connect cluster, moved there by {@code strangler
 * export connect <pipeline> --apply URL --from-running}. Stored with the pipeline's direction
 * ({@code strangler_sync_pipeline}), so that cdc-sync never starts it again next to Connect's connectors (a
 * replication slot has one reader, a position one applier) until {@code --back-to-running} clears it.
 *
 * @param engine {@value #KAFKA_CONNECT}, the only place a pipeline moves to today
 * @param url the cluster's REST API, as the move used it
 * @param connectors the connectors that run the pipeline there (source first)
 * @param since when the move was recorded
 * @param appliedLsn in a status only: the newest WAL position the sink applied, from {@code strangler_sync_position}
 *     (null when it stored none yet or the database cannot be reached)
 */
public record RunsOn(String engine, URI url, List<String> connectors, Instant since, @Nullable Long appliedLsn) {

    public static final String KAFKA_CONNECT = "kafka-connect";

    public RunsOn {
        connectors = List.copyOf(connectors);
    }

    RunsOn withAppliedLsn(@Nullable Long lsn) {
        return new RunsOn(engine, url, connectors, since, lsn);
    }

    /** Why cdc-sync does not start the pipeline, and how to bring it back. */
    String refusal(String pipeline) {
        return "Pipeline " + pipeline + " runs on Kafka Connect at " + url + " (connectors "
                + String.join(", ", connectors) + ", moved " + since + "): cdc-sync does not start it, a replication "
                + "slot has one reader. Move it back without a new snapshot with 'strangler export connect " + pipeline
                + " --apply " + url + " --back-to-running'";
    }
}
