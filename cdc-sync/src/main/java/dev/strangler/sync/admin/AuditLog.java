package dev.strangler.sync.admin;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who changed what, when and why: JSON lines in {@code $STRANGLER_HOME/cdc-sync/audit.log}, each forced to disk
 * before the action answers (the kit's durable {@link dev.strangler.support.admin.AuditLog}), recent ones in memory.
 */
final class AuditLog {

    /** One admin action. */
    record Entry(Instant at, String actor, String action, String pipeline, String reason, String outcome) {
    }

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int KEPT = 500;

    private final dev.strangler.support.admin.AuditLog file;
    private final Deque<Entry> recent = new ArrayDeque<>();

    AuditLog(Path home, JsonMapper json) {
        this.file = new dev.strangler.support.admin.AuditLog(home.resolve("cdc-sync").resolve("audit.log"), json);
    }

    synchronized void record(Entry entry) {
        log.info("AUDIT {} by {} on {}: {} ({})", entry.action(), entry.actor(), entry.pipeline(), entry.outcome(),
                entry.reason());
        file.append(entry);
        recent.addFirst(entry);
        while (recent.size() > KEPT) {
            recent.removeLast();
        }
    }

    /**
     * Does {@code work}, an admin action of {@code who} on {@code pipeline}, and records that it was done (in the
     * words {@code outcome} finds for its result) or failed (with the failure, which it then throws on), before the
     * action answers.
     */
    <T> T audited(String who, String action, String pipeline, String why, Work<T> work, Function<T, String> outcome)
            throws Exception {
        try {
            T result = work.run();
            record(new Entry(Instant.now(), who, action, pipeline, why, outcome.apply(result)));
            return result;
        }
        catch (Exception ex) {
            record(new Entry(Instant.now(), who, action, pipeline, why, "failed: " + ex.getMessage()));
            throw ex;
        }
    }

    /** What an audited admin action does; its result is what the action answers. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    synchronized List<Entry> recent() {
        return List.copyOf(recent);
    }
}
