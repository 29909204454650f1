package dev.strangler.support.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A durable audit log: one JSON object per line (JSONL), only ever appended, each line forced to disk before
 * {@link #append} returns, so an acknowledged change is never missing from it after a crash. The file and its
 * directory are created on the first append, not before: reading an engine's state writes nothing. The file is
 * opened for each append (admin actions are a few a minute, each waits for the disk anyway), so no handle is held
 * between them and a thread interrupted mid-append costs that append only.
 */
public final class AuditLog {

    private final Path file;

    private final JsonMapper json;

    /**
     * @param file the log's file, e.g. {@code $STRANGLER_HOME/proxy/audit.jsonl}
     * @param json writes entries and reads them back
     */
    public AuditLog(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
    }

    public Path file() {
        return this.file;
    }

    /** Appends {@code entry} as one line and forces it to disk. */
    public synchronized void append(Object entry) {
        byte[] line = (this.json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(this.file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot append to the audit log " + this.file, ex);
        }
    }

    /** The newest {@code limit} entries, oldest first; a torn last line (a crash mid-append) is skipped. */
    public synchronized <T> List<T> latest(int limit, Class<T> type) {
        List<String> lines = lines();
        return parse(lines.subList(Math.max(0, lines.size() - limit), lines.size()), type);
    }

    /** Every entry, oldest first; a torn last line is skipped. */
    public synchronized <T> List<T> all(Class<T> type) {
        return parse(lines(), type);
    }

    private List<String> lines() {
        if (!Files.exists(this.file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(this.file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the audit log " + this.file, ex);
        }
    }

    private <T> List<T> parse(List<String> lines, Class<T> type) {
        List<T> entries = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(this.json.readValue(line, type));
            }
            catch (JacksonException ex) {
                // Only the last line can be torn, and only by a crash during the append.
            }
        }
        return entries;
    }
}
