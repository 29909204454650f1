package com.acme.shop.system;

/** A request named something that does not exist: answered with 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
