package dev.strangler.plans.plan;

/** Which way a plan's sync pipeline runs in a phase. */
public enum SyncDirection {

    /** Shared database to the service: the monolith is the writer of record. */
    FORWARD,

    /** Service back to the shared database: after writes are cut over. */
    REVERSE,

    /** No sync. */
    STOPPED
}
