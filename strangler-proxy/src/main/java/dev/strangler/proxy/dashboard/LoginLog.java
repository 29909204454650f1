package dev.strangler.proxy.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who signed in to (or out of) the dashboard, and refused attempts: one JSON object per line in
 * {@code $STRANGLER_HOME/proxy/dashboard-logins.jsonl}, forced to disk, and the same in the application log.
 * Route switches made from the dashboard go to the audit log like every other switch, under the signed-in name.
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

    private final Path file;

    private final JsonMapper json;

    LoginLog(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
    }

    synchronized void record(LoginEvent event) {
        logger.info("Dashboard " + event.event() + ": actor '" + event.actor() + "' from " + event.remote());
        byte[] line = (this.json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot append to the dashboard login log " + this.file, ex);
        }
    }

    Path file() {
        return this.file;
    }

}
