package com.acme.orderservice.system;

/**
 * Another system did not answer usefully (connection refused, timeout, 5xx, circuit open) after the retries
 * allowed: answered with 503, because the request may well succeed later.
 */
public class RemoteUnavailableException extends RuntimeException {

    private final String remote;

    public RemoteUnavailableException(String remote, String reason, Throwable cause) {
        super(remote + " is unavailable: " + reason, cause);
        this.remote = remote;
    }

    public RemoteUnavailableException(String remote, String reason) {
        super(remote + " is unavailable: " + reason);
        this.remote = remote;
    }

    /** The system that did not answer, e.g. {@code customer-service}. */
    public String remote() {
        return remote;
    }
}
