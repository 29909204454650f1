package dev.strangler.support.web;

/** One request field or parameter that is wrong in a way bean validation cannot see: answered with 400 naming it. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
