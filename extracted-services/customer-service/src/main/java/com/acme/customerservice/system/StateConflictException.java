package com.acme.customerservice.system;

/** A well-formed request that clashes with the current state (duplicate email, stale version): answered with 409. */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String reason) {
        super(reason);
    }
}
