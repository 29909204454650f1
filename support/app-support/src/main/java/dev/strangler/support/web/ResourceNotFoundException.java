package dev.strangler.support.web;

/** A request named something that does not exist: answered with 404 and "{what} {id} does not exist". */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
