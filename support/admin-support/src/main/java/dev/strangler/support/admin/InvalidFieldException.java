package dev.strangler.support.admin;

/** One field of an admin request that is not acceptable, and why: answered with 400 naming the field. */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    private final String reason;

    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return this.field;
    }

    public String reason() {
        return this.reason;
    }

    /** {@link Problem#invalidField(String, String)} for this field. */
    public Problem problem() {
        return Problem.invalidField(this.field, this.reason);
    }
}
