package dev.strangler.sync.mapping;

/** Which way a pipeline copies changes. */
public enum Direction {

    /** Shared (legacy) database to the service database: before cutover. */
    FORWARD,

    /** Service database back to the shared database, with the inverse mapping: after cutover. */
    REVERSE;

    public Direction opposite() {
        return this == FORWARD ? REVERSE : FORWARD;
    }
}
