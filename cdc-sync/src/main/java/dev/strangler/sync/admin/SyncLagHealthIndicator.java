package dev.strangler.sync.admin;

import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.PipelineStatus;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.pipeline.SyncPipelines;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** DOWN when a pipeline failed or its lag passed {@code strangler.sync.max-lag}. */
@Component("sync")
class SyncLagHealthIndicator implements HealthIndicator {

    private final SyncPipelines pipelines;

    SyncLagHealthIndicator(SyncPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        long bound = pipelines.maxLag().toMillis();
        for (SyncPipeline pipeline : pipelines.all()) {
            PipelineStatus status = pipeline.status();
            boolean down = status.state() == PipelineState.FAILED || status.lagMillis() > bound;
            if (down) {
                health.down();
            }
            health.withDetail(status.name(), status.state() + ", lag " + status.lagMillis() + " ms");
        }
        return health.build();
    }
}
