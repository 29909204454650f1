package dev.strangler.sync.admin;

import dev.strangler.support.admin.AuditFields;
import dev.strangler.sync.pipeline.PipelineStatus;
import dev.strangler.sync.pipeline.ResyncSummary;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.pipeline.SyncPipelines;
import jakarta.validation.Valid;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API: pipelines with state, direction and lag; start, stop, switch and resync; the audit log. */
@RestController
@RequestMapping("/")
class PipelineAdminController {

    static final String ACTOR_HEADER = AuditFields.ACTOR_HEADER;
    private static final String DEFAULT_ACTOR = "admin-token";

    private final SyncPipelines pipelines;
    private final AuditLog audit;

    PipelineAdminController(SyncPipelines pipelines, AuditLog audit) {
        this.pipelines = pipelines;
        this.audit = audit;
    }

    @GetMapping("/pipelines")
    List<PipelineStatus> list() {
        return pipelines.all().stream().map(SyncPipeline::status).toList();
    }

    @GetMapping("/pipelines/{name}")
    PipelineStatus one(@PathVariable String name) {
        return pipeline(name).status();
    }

    @PostMapping("/pipelines/{name}/start")
    PipelineStatus start(@PathVariable String name, @Valid @RequestBody AdminRequests.Action request,
            @RequestHeader(name = ACTOR_HEADER, required = false) String actor) throws Exception {
        SyncPipeline pipeline = pipeline(name);
        return audited(actor, "start", pipeline, request.reason(), () -> pipeline.start());
    }

    @PostMapping("/pipelines/{name}/stop")
    PipelineStatus stop(@PathVariable String name, @Valid @RequestBody AdminRequests.Action request,
            @RequestHeader(name = ACTOR_HEADER, required = false) String actor) throws Exception {
        SyncPipeline pipeline = pipeline(name);
        return audited(actor, "stop", pipeline, request.reason(), pipeline::stop);
    }

    /**
     * Records which engine runs the pipeline: {@code kafka-connect} (stored with its direction, then the pipeline
     * stops here; start, switch and a restart's auto-start refuse it, naming where it runs) or {@code cdc-sync}
     * (cleared; a start of its own runs it here again). The moves of {@code strangler export connect} call it.
     */
    @PostMapping("/pipelines/{name}/runs-on")
    PipelineStatus runsOn(@PathVariable String name, @Valid @RequestBody AdminRequests.RunsOn request,
            @RequestHeader(name = ACTOR_HEADER, required = false) String actor) throws Exception {
        SyncPipeline pipeline = pipeline(name);
        dev.strangler.sync.pipeline.RunsOn where = request.where();
        return audited(actor, where == null ? "runs on cdc-sync" : "runs on kafka-connect at " + where.url()
                + " (" + String.join(", ", where.connectors()) + ")", pipeline, request.reason(),
                () -> pipeline.runOn(where));
    }

    /** Starts the other direction next to the running one (before the proxy moves writes). */
    @PostMapping("/pipelines/{name}/prepare-switch")
    PipelineStatus prepareSwitch(@PathVariable String name, @Valid @RequestBody AdminRequests.Switch request,
            @RequestHeader(name = ACTOR_HEADER, required = false) String actor) throws Exception {
        SyncPipeline pipeline = pipeline(name);
        return audited(actor, "prepare-switch to " + request.target(), pipeline, request.reason(),
                () -> pipeline.prepareSwitch(request.target()));
    }

    /**
     * Leaves only {@code direction} running: when prepare-switch ran, drains the old direction to lag zero (a
     * marker), checks the identity fence and stops the old one; without it, does the whole safe switch in this one
     * call (start the new direction next to the old, fence, drain, stop), for when the old side has stopped writing.
     * Both directions run loop-free meanwhile. A no-op when the pipeline already runs that way.
     */
    @PostMapping("/pipelines/{name}/switch")
    PipelineStatus switchDirection(@PathVariable String name, @Valid @RequestBody AdminRequests.Switch request,
            @RequestHeader(name = ACTOR_HEADER, required = false) String actor) throws Exception {
        SyncPipeline pipeline = pipeline(name);
        return audited(actor, "switch to " + request.target(), pipeline, request.reason(),
                () -> pipeline.switchDirection(request.target()));
    }

    /**
     * Copies one mapped source table to the service again through the mapping while the stream runs (forward
     * only): upserts every source row with the version guard, deletes service rows whose source row is gone.
     */
    @PostMapping("/pipelines/{name}/resync")
    ResyncSummary resync(@PathVariable String name, @Valid @RequestBody AdminRequests.Resync request,
            @RequestHeader(name = ACTOR_HEADER, required = false) String actor) throws Exception {
        SyncPipeline pipeline = pipeline(name);
        String who = actor(actor);
        return audit.audited(who, "resync " + request.table(), pipeline.name(), request.reasonOrDefault(),
                () -> pipeline.resync(request.table()), summary -> "done: " + summary.rowsCopied()
                        + " rows copied, " + summary.rowsDeleted() + " deleted in " + summary.tookMillis() + " ms");
    }

    @GetMapping("/audit")
    List<AuditLog.Entry> auditLog() {
        return audit.recent();
    }

    private SyncPipeline pipeline(String name) {
        return pipelines.named(name).orElseThrow(() -> new UnknownPipelineException(name));
    }

    static String actor(@Nullable String actor) {
        return AuditFields.actor(actor, DEFAULT_ACTOR);
    }

    private PipelineStatus audited(@Nullable String actor, String action, SyncPipeline pipeline, String reason,
            Action work) throws Exception {
        String who = actor(actor);
        audit.audited(who, action, pipeline.name(), AuditFields.reason(reason), () -> {
            work.run();
            return pipeline;
        }, done -> "done");
        return pipeline.status();
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
