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

    record Switch(@NotNull Direction direction, @NotBlank @Size(max = 500) String reason) {
    }

    /** {@code POST /pipelines/{name}/direction}: the whole safe switch in one call; the reason is optional here. */
    record DirectionChange(
            @NotNull @Pattern(regexp = "(?i)forward|reverse", message = "must be forward or reverse") String direction,
            @Size(max = 500) String reason) {

        Direction target() {
            return Direction.valueOf(direction.toUpperCase(java.util.Locale.ROOT));
        }

        String reasonOrDefault() {
            return AuditFields.reasonOr(reason, "(no reason given)");
        }
    }

    /** {@code POST /pipelines/{name}/resync}: the source table of the pipeline's mapping to copy again. */
    record Resync(@NotBlank @Size(max = 200) String table, @Size(max = 500) String reason) {

        String reasonOrDefault() {
            return AuditFields.reasonOr(reason, "(no reason given)");
        }
    }
}
