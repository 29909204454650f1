package dev.strangler.sync.mapping;

/**
 * Whether capture may change the replica identity of a captured table ({@code capture.replica-identity} in the
 * pipeline file). By default it never alters the captured database; a table whose updates and deletes would not carry
 * what the mapping needs is refused with the fix to apply.
 */
public enum ReplicaIdentityMode {

    /** Default: capture changes nothing; the capture preflight refuses a table without a usable replica identity. */
    UNCHANGED,

    /** Opted in: capture sets {@code REPLICA IDENTITY FULL} on such a table, logs and audits it with the undo. */
    FULL
}
