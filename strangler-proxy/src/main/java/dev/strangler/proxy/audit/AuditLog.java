package dev.strangler.proxy.audit;

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

import jakarta.annotation.PreDestroy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.strangler.proxy.state.ProxyHome;

/**
 * The audit log: one JSON object per line in {@code $STRANGLER_HOME/proxy/audit.jsonl}, each forced to disk before
 * the append returns. Lines are only ever appended.
 */
@Component
public class AuditLog {

    static final String FILE_NAME = "audit.jsonl";

    private final Path file;

    private final JsonMapper json;

    private FileChannel channel;

    AuditLog(ProxyHome home, JsonMapper json) {
        this.file = home.file(FILE_NAME);
        this.json = json;
        this.channel = open();
    }

    private FileChannel open() {
        try {
            return FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot open the audit log " + this.file, ex);
        }
    }

    public synchronized void append(AuditEntry entry) {
        byte[] line = (this.json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        if (!this.channel.isOpen()) {
            // An interrupted writer closes a FileChannel for everyone; the log must outlive that.
            this.channel = open();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                this.channel.write(buffer);
            }
            this.channel.force(false);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot append to the audit log " + this.file, ex);
        }
    }

    /** The newest entries, oldest first; a torn last line (a crash mid-append) is skipped. */
    public synchronized List<AuditEntry> latest(int limit) {
        List<String> lines;
        try {
            lines = Files.readAllLines(this.file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the audit log " + this.file, ex);
        }
        List<AuditEntry> entries = new ArrayList<>();
        for (String line : lines.subList(Math.max(0, lines.size() - limit), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(this.json.readValue(line, AuditEntry.class));
            }
            catch (JacksonException ex) {
                // Only the last line can be torn, and only by a crash during the append.
            }
        }
        return entries;
    }

    public Path file() {
        return this.file;
    }

    @PreDestroy
    synchronized void close() throws IOException {
        this.channel.close();
    }

}
