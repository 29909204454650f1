package dev.strangler.plans.plan;

import java.nio.file.Path;

/** A plan file that is refused: names the file, the line and the reason, like a compiler. */
public final class InvalidPlanException extends RuntimeException {

    private final Path file;
    private final int line;
    private final String reason;

    public InvalidPlanException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the offending key or value; 0 when the whole file is at fault. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
