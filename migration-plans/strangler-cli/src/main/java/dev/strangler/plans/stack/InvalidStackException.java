package dev.strangler.plans.stack;

import java.nio.file.Path;

/**
 * A stack file that is refused, named like a compiler names an error: {@code file:line: key: reason}. An
 * {@link IllegalArgumentException}, so the CLI answers it as bad input (exit 2) before anything starts.
 */
public final class InvalidStackException extends IllegalArgumentException {

    public InvalidStackException(Path file, int line, String key, String reason) {
        super(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + reason);
    }
}
