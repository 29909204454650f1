package dev.strangler.sync.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Who changed what, when and why: JSON lines in {@code $STRANGLER_HOME/cdc-sync/audit.log}, recent ones in memory. */
final class AuditLog {

    /** One admin action. */
    record Entry(Instant at, String actor, String action, String pipeline, String reason, String outcome) {
    }

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int KEPT = 500;

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();
    private final Deque<Entry> recent = new ArrayDeque<>();

    AuditLog(Path home) {
        this.file = home.resolve("cdc-sync").resolve("audit.log");
    }

    synchronized void record(Entry entry) {
        log.info("AUDIT {} by {} on {}: {} ({})", entry.action(), entry.actor(), entry.pipeline(), entry.outcome(),
                entry.reason());
        recent.addFirst(entry);
        while (recent.size() > KEPT) {
            recent.removeLast();
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.writeValueAsString(entry) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write the audit log " + file, ex);
        }
    }

    synchronized List<Entry> recent() {
        return List.copyOf(recent);
    }
}
