package dev.strangler.plans.console.dashboard;

import java.nio.file.Path;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.support.admin.AuditLog;

/**
 * Who signed in to (or out of) the dashboard, and refused attempts: one JSON object per line in
 * {@code $STRANGLER_HOME/plans/dashboard-logins.jsonl}, forced to disk (the kit's durable {@link AuditLog}), and the
 * same in the application log.
 * Route switches made from the dashboard go to the proxy's audit log, plan moves to the plan audit log, under the
 * signed-in name.
 */
final class LoginLog {

    static final String FILE_NAME = "dashboard-logins.jsonl";

    private static final Logger logger = LoggerFactory.getLogger(LoginLog.class);

    /**
     * One sign-in event.
     *
     * @param at when
     * @param actor the name given at sign-in (as typed, when refused)
     * @param event {@code signed-in}, {@code refused} or {@code signed-out}
     * @param remote the peer address
     */
    record LoginEvent(Instant at, String actor, String event, String remote) {
    }

    private final AuditLog log;

    LoginLog(Path file, JsonMapper json) {
        this.log = new AuditLog(file, json);
    }

    void record(LoginEvent event) {
        logger.info("Dashboard " + event.event() + ": actor '" + event.actor() + "' from " + event.remote());
        this.log.append(event);
    }

    Path file() {
        return this.log.file();
    }

}
