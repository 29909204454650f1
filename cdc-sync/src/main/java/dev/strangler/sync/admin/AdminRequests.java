package dev.strangler.sync.admin;

import dev.strangler.support.admin.AuditFields;
import dev.strangler.sync.mapping.Direction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the admin API; every action says why. */
final class AdminRequests {

    private AdminRequests() {
    }

    record Action(@NotBlank @Size(max = 500) String reason) {
    }

    /**
     * {@code POST /pipelines/{name}/prepare-switch} and {@code /switch}: the direction to move to, in any case
     * ({@code REVERSE} as the plan runner sends it, {@code reverse} as a person types it), and why.
     */
    record Switch(
            @NotNull @Pattern(regexp = "(?i)forward|reverse", message = "must be forward or reverse") String direction,
            @NotBlank @Size(max = 500) String reason) {

        Direction target() {
            return Direction.valueOf(direction.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** {@code POST /pipelines/{name}/resync}: the source table of the pipeline's mapping to copy again. */
    record Resync(@NotBlank @Size(max = 200) String table, @Size(max = 500) String reason) {

        String reasonOrDefault() {
            return AuditFields.reasonOr(reason, "(no reason given)");
        }
    }
}
