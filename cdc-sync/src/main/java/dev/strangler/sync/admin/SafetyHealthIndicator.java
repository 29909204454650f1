package dev.strangler.sync.admin;

import dev.strangler.sync.pipeline.PipelineStatus;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.pipeline.SyncPipelines;
import dev.strangler.sync.stray.SlotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * What can lose data silently after cutover, made loud: stray writes not yet replayed (DEGRADED or DOWN, as
 * {@code strangler.sync.health.stray-writes} says), a stray-write watch that does not run, and a slot of the kit that
 * retains more WAL than {@code strangler.sync.health.max-retained-wal} (DEGRADED) or was invalidated (DOWN).
 */
@Component("safety")
class SafetyHealthIndicator implements HealthIndicator {

    /** Works, but needs a person: the status between UP and DOWN (ordered in application.yaml). */
    static final Status DEGRADED = new Status("DEGRADED");

    private final SyncPipelines pipelines;
    private final SyncHealthSettings settings;

    SafetyHealthIndicator(SyncPipelines pipelines, SyncHealthSettings settings) {
        this.pipelines = pipelines;
        this.settings = settings;
    }

    @Override
    public Health health() {
        Status worst = Status.UP;
        Health.Builder health = Health.up();
        Status strayStatus = "down".equals(settings.strayWrites().toLowerCase(Locale.ROOT)) ? Status.DOWN : DEGRADED;
        long maxRetained = settings.maxRetainedWal().toBytes();
        for (SyncPipeline pipeline : pipelines.all()) {
            PipelineStatus status = pipeline.status();
            List<String> findings = new ArrayList<>();
            if (status.strayWrites().unresolved() > 0) {
                findings.add(status.strayWrites().unresolved() + " stray write(s) not replayed");
                worst = worse(worst, strayStatus);
            }
            if (status.watchError() != null) {
                findings.add(status.watchError());
                worst = worse(worst, Status.DOWN);
            }
            for (SlotStatus slot : status.slots()) {
                if (slot.invalidated()) {
                    findings.add("slot " + slot.name() + " was invalidated by PostgreSQL");
                    worst = worse(worst, Status.DOWN);
                }
                else if (slot.retainedWalBytes() > maxRetained) {
                    findings.add("slot " + slot.name() + (slot.active() ? "" : " (inactive)") + " retains "
                            + slot.retainedWalBytes() + " bytes of WAL, more than " + maxRetained);
                    worst = worse(worst, DEGRADED);
                }
            }
            health.withDetail(status.name(), findings.isEmpty() ? "no stray writes, slots within bounds" : findings);
        }
        return health.status(worst).build();
    }

    private static Status worse(Status current, Status other) {
        if (current == Status.DOWN || other == Status.DOWN) {
            return Status.DOWN;
        }
        return current == DEGRADED || other == DEGRADED ? DEGRADED : Status.UP;
    }
}
