package dev.strangler.plans.runner;

import dev.strangler.support.admin.AuditLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plan state and audit trail on disk under {@code $STRANGLER_HOME/plans}: {@code <plan>.json} replaced atomically
 * (temp file, fsync, rename), and {@code audit.jsonl}, one JSON object per advance, rollback or refusal, appended
 * and fsynced (the kit's durable {@link AuditLog}). A damaged state file is an error, never a silent reset to the
 * first phase.
 */
public final class PlanStates {

    private final Path directory;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AuditLog audit;

    public PlanStates(Path directory) {
        this.directory = directory;
        this.audit = new AuditLog(directory.resolve("audit.jsonl"), json);
    }

    public Path directory() {
        return directory;
    }

    public Path file(String plan) {
        return directory.resolve(plan + ".json");
    }

    public Path auditFile() {
        return audit.file();
    }

    public PlanState read(String plan) {
        Path file = file(plan);
        if (!Files.exists(file)) {
            return PlanState.notStarted(plan);
        }
        try {
            return json.readValue(file.toFile(), PlanState.class);
        }
        catch (JacksonException ex) {
            throw new IllegalStateException(file + " is damaged (" + ex.getOriginalMessage()
                    + "); fix it or delete it to start the plan again");
        }
    }

    public void write(PlanState state) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(state.plan() + ".json.tmp");
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            try {
                Files.move(temporary, file(state.plan()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(temporary, file(state.plan()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write the state of plan " + state.plan(), ex);
        }
    }

    public void audit(Map<String, ?> entry) {
        audit.append(entry);
    }

    /** The audit entries, oldest first. */
    public List<JsonNode> auditEntries() {
        return audit.all(JsonNode.class);
    }
}
