package dev.strangler.sync.admin;

import dev.strangler.support.admin.AuditFields;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.pipeline.SyncPipelines;
import dev.strangler.sync.stray.StrayWrite;
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Stray writes of a pipeline: list them since a moment, carry one to the service (audited). */
@RestController
class StrayWriteAdminController {

    private final SyncPipelines pipelines;
    private final AuditLog audit;

    StrayWriteAdminController(SyncPipelines pipelines, AuditLog audit) {
        this.pipelines = pipelines;
        this.audit = audit;
        // Every stray write the watch records goes to the audit log as it is seen.
        pipelines.all().forEach(pipeline -> pipeline.onStrayWrites(writes -> writes.forEach(write -> audit.record(
                new AuditLog.Entry(Instant.now(), "stray-write-watch", "stray write", pipeline.name(),
                        "written on the legacy database after cutover; not carried to the service", describe(write))))));
    }

    /** The stray writes whose commit time is at or after {@code since} (default: all), oldest first. */
    @GetMapping("/pipelines/{name}/stray-writes")
    StrayWriteList list(@PathVariable String name, @RequestParam(required = false) String since) throws Exception {
        Instant from;
        try {
            from = since == null ? Instant.EPOCH : Instant.parse(since);
        }
        catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("since: '" + since + "' is not an ISO-8601 instant (e.g. "
                    + "2026-01-31T12:00:00Z)");
        }
        List<StrayWrite> writes = pipeline(name).strayWritesSince(from);
        return new StrayWriteList(writes.size(), writes);
    }

    /**
     * Reads the legacy row of stray write {@code id} as it is now and applies it to the service through the mapping
     * (a delete when the row is gone); marks the record replayed.
     */
    @PostMapping("/pipelines/{name}/stray-writes/{id}/replay")
    Replayed replay(@PathVariable String name, @PathVariable long id,
            @Valid @RequestBody AdminRequests.Action request,
            @RequestHeader(name = PipelineAdminController.ACTOR_HEADER, required = false) String actor)
            throws Exception {
        SyncPipeline pipeline = pipeline(name);
        String who = PipelineAdminController.actor(actor);
        String why = AuditFields.reason(request.reason());
        String applied = audit.audited(who, "replay stray write " + id, pipeline.name(), why,
                () -> pipeline.replayStrayWrite(id, why), done -> "done: " + done);
        return new Replayed(id, applied);
    }

    record StrayWriteList(int count, List<StrayWrite> writes) {
    }

    record Replayed(long id, String applied) {
    }

    private SyncPipeline pipeline(String name) {
        return pipelines.named(name).orElseThrow(() -> new UnknownPipelineException(name));
    }

    private static String describe(StrayWrite write) {
        return "#" + write.id() + " " + write.operation() + " " + write.table() + " " + write.key() + " at LSN "
                + write.lsn() + ", transaction " + write.txId() + ", committed " + write.commitTime();
    }
}
