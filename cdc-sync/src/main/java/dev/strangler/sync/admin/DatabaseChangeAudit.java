package dev.strangler.sync.admin;

import dev.strangler.sync.pipeline.ReplicaIdentitySet;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes every change capture made to a captured database (only ever when the pipeline file opted in) to the audit
 * log, with the statement that undoes it: the kit never changes the user's database without a trace.
 */
@Component
class DatabaseChangeAudit {

    private final AuditLog audit;

    DatabaseChangeAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void replicaIdentitySet(ReplicaIdentitySet change) {
        audit.record(new AuditLog.Entry(Instant.now(), "cdc-sync", "replica-identity full " + change.table(),
                change.pipeline(), "capture.replica-identity: full in the pipeline file", "done; undo: "
                        + change.undo()));
    }
}
