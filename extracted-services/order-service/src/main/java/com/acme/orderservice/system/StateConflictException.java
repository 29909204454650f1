package com.acme.orderservice.system;

/** A well-formed request that clashes with the current state (e.g. cancelling twice): answered with 409. */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String reason) {
        super(reason);
    }
}
