package dev.strangler.sync.pipeline;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the cdc-sync app ({@code strangler.sync.*}).
 *
 * @param pipelines where the pipeline YAML files are (Spring resource patterns, e.g. {@code file:/etc/sync/*.yaml});
 *     required: there is no default (not the sample shop's pipelines), so cdc-sync never syncs what nobody named
 * @param heartbeat how often capture writes a heartbeat; bounds the idle lag
 * @param poll the pause between empty polls of the WAL stream
 * @param drainTimeout how long a direction switch waits for the old direction to drain
 * @param maxLag the lag above which health goes DOWN
 * @param identityHeadroom how many ids past the highest one handed out prepare-switch moves the sequences of the side
 *     that takes over; must exceed what the old side inserts into one table between prepare-switch and the moment its
 *     writes stop (the switch refuses otherwise)
 * @param rollbackTail how long the reverse direction keeps running after a rollback from cutover, carrying what the
 *     service still finishes on its own (see {@link SyncOptions#rollbackTail()})
 */
@Validated
@ConfigurationProperties("strangler.sync")
record SyncSettings(@DefaultValue List<String> pipelines,
        @NotNull @DefaultValue("5s") Duration heartbeat, @NotNull @DefaultValue("10ms") Duration poll,
        @NotNull @DefaultValue("2m") Duration drainTimeout, @NotNull @DefaultValue("60s") Duration maxLag,
        @Positive @DefaultValue("100000") long identityHeadroom,
        @NotNull @DefaultValue("3m") Duration rollbackTail) {

    SyncSettings {
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("strangler.sync.pipelines: no pipelines named, so cdc-sync would sync "
                    + "nothing. Write them with 'strangler init' (it writes pipelines/ and the stack file that names "
                    + "them), or point cdc-sync at pipeline files: STRANGLER_SYNC_PIPELINES=file:/path/to/pipelines/*.yaml "
                    + "(or --strangler.sync.pipelines=...)");
        }
    }

    SyncOptions options() {
        return new SyncOptions(heartbeat, poll, drainTimeout, identityHeadroom, rollbackTail);
    }
}
