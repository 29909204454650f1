package dev.strangler.sync.pipeline;

/** Where a pipeline is in its life. */
public enum PipelineState {
    STOPPED, RUNNING,
    /** Both directions run: the new one streams, the old one still carries what the old side commits. */
    SWITCHING,
    /** The old side takes no more writes (ids fenced); the old direction is being drained and stopped. */
    DRAINING,
    FAILED,
    /**
     * Runs on a Kafka Connect cluster, moved there without a new snapshot ({@code strangler export connect
     * --from-running}); cdc-sync does not start it (see {@link RunsOn}).
     */
    ON_CONNECT
}
