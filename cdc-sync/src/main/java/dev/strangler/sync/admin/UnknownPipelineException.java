package dev.strangler.sync.admin;

/** A request named a pipeline that is not configured. */
class UnknownPipelineException extends RuntimeException {

    UnknownPipelineException(String name) {
        super("No pipeline named '" + name + "'");
    }
}
