package dev.strangler.sync.admin;

import dev.strangler.support.admin.AuditFields;
import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.pipeline.SyncPipelines;
import dev.strangler.sync.verify.DriftReport;
import dev.strangler.sync.verify.Verifiers;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /pipelines/{name}/verify}: whether both databases of a pipeline agree, and what differs. Reading
 * changes nothing and needs no reason; {@code ?repair=true} re-syncs drifted keys through the pipeline, needs a
 * {@code reason} and is audited. The plan runner uses {@code inSync} as a gate.
 */
@RestController
class VerifierAdminController {

    private final SyncPipelines pipelines;
    private final Verifiers verifiers;
    private final AuditLog audit;

    VerifierAdminController(SyncPipelines pipelines, Verifiers verifiers, AuditLog audit) {
        this.pipelines = pipelines;
        this.verifiers = verifiers;
        this.audit = audit;
    }

    @PostMapping("/pipelines/{name}/verify")
    DriftReport verify(@PathVariable String name, @RequestParam(defaultValue = "false") boolean repair,
            // No @Valid: a plain verify needs no body (an empty {} is fine); only a repair must say why.
            @RequestBody(required = false) AdminRequests.@Nullable Action request,
            @RequestHeader(name = PipelineAdminController.ACTOR_HEADER, required = false) @Nullable String actor)
            throws Exception {
        SyncPipeline pipeline = pipelines.named(name).orElseThrow(() -> new UnknownPipelineException(name));
        boolean running = pipeline.state() == PipelineState.RUNNING;
        if (!repair) {
            return verifiers.verify(pipeline.definition(), pipeline.direction(), running, false);
        }
        // A repair changes the service's rows: it says why, as every audited action does.
        String why = AuditFields.reason(request == null ? null : request.reason());
        String who = PipelineAdminController.actor(actor);
        return audit.audited(who, "verify and repair", pipeline.name(), why,
                () -> verifiers.verify(pipeline.definition(), pipeline.direction(), running, true),
                report -> "repaired " + report.repaired().size() + " keys " + report.repaired()
                        + ", in sync afterwards: " + report.inSync());
    }
}
