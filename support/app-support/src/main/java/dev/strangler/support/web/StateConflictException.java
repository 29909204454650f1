package dev.strangler.support.web;

/** A well-formed request that clashes with the current state (a duplicate, a stale version, cancelling twice): answered with 409. */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String reason) {
        super(reason);
    }
}
