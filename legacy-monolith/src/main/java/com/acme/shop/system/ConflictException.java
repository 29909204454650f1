package com.acme.shop.system;

/** A request that is well formed but clashes with the current state (duplicate, stale version): answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String reason) {
        super(reason);
    }
}
