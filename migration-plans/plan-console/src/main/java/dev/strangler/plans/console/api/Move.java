package dev.strangler.plans.console.api;

import org.jspecify.annotations.Nullable;

/**
 * The body of an advance or rollback: why (required, for the audit log) and whether only to say what would change.
 * A field it does not name is refused, not ignored.
 */
record Move(@Nullable String reason, @Nullable Boolean dryRun) {

    boolean isDryRun() {
        return dryRun != null && dryRun;
    }
}
