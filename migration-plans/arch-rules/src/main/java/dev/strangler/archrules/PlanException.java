package dev.strangler.archrules;

/** A plan file that cannot be used, naming the file, the key and the reason. */
public class PlanException extends RuntimeException {

    public PlanException(String message) {
        super(message);
    }

    public PlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
