package dev.strangler.proxy.audit;

import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.strangler.proxy.state.ProxyHome;

/**
 * The audit log: one JSON object per line in {@code $STRANGLER_HOME/proxy/audit.jsonl}, each forced to disk before
 * the append returns (the kit's durable {@link dev.strangler.support.admin.AuditLog}). Lines are only ever appended.
 */
@Component
public class AuditLog {

    static final String FILE_NAME = "audit.jsonl";

    private final dev.strangler.support.admin.AuditLog log;

    AuditLog(ProxyHome home, JsonMapper json) {
        this.log = new dev.strangler.support.admin.AuditLog(home.file(FILE_NAME), json);
    }

    public void append(AuditEntry entry) {
        this.log.append(entry);
    }

    /** The newest entries, oldest first; a torn last line (a crash mid-append) is skipped. */
    public List<AuditEntry> latest(int limit) {
        return this.log.latest(limit, AuditEntry.class);
    }

    public Path file() {
        return this.log.file();
    }

}
