package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.TableName;

/**
 * Capture set {@code REPLICA IDENTITY FULL} on a captured table because the pipeline file opted in
 * ({@code capture.replica-identity: full}); {@code undo} is the statement that restores what was there before.
 */
public record ReplicaIdentitySet(String pipeline, TableName table, String undo) {
}
