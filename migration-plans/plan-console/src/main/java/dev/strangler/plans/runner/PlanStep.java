package dev.strangler.plans.runner;

/**
 * One change a phase transition makes through an engine's admin API, in the order it is made.
 *
 * @param kind what kind of change
 * @param subject the rule id or pipeline name
 * @param from how it stands now
 * @param to how it will stand
 */
public record PlanStep(Kind kind, String subject, String from, String to) {

    /** The changes the runner knows how to make. */
    public enum Kind {
        /** PUT /admin/routes/{rule} on the proxy. */
        ROUTE,
        /**
         * PUT /admin/routes/{rule} HOLD on the proxy: a write rule about to change sides is answered 503 from now,
         * and the call returns once its requests already at a backend have finished. Between prepare-switch and
         * switch, so that neither side acknowledges a write while the old direction may still carry an older one.
         */
        ROUTE_HOLD,
        /** POST /pipelines/{name}/start on cdc-sync. */
        SYNC_START,
        /**
         * POST /pipelines/{name}/prepare-switch: the new direction starts next to the old one, and the side that
         * takes the writes has its id sequences fenced past the other's. Always before any route moves a write.
         */
        SYNC_PREPARE_SWITCH,
        /**
         * POST /pipelines/{name}/switch: the old direction is drained, the identity fence checked, and stopped. Its
         * write rules are held meanwhile; they move to their new side only after.
         */
        SYNC_SWITCH,
        /** POST /pipelines/{name}/stop. */
        SYNC_STOP
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ROUTE -> "route " + subject + ": " + from + " → " + to;
            case ROUTE_HOLD -> "route " + subject + ": " + from + " → " + to
                    + " (writes answered 503 until the sync has switched)";
            case SYNC_START -> "sync " + subject + ": start " + to + " (was " + from + ")";
            case SYNC_PREPARE_SWITCH -> "sync " + subject + ": prepare switch to " + to + " (" + to
                    + " starts next to " + from + ", ids fenced)";
            case SYNC_SWITCH -> "sync " + subject + ": switch to " + to + " (drain " + from + ", check the fence, stop it)";
            case SYNC_STOP -> "sync " + subject + ": stop (was " + from + ")";
        };
    }
}
