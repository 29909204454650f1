package dev.strangler.sync.admin;

import dev.strangler.sync.mapping.Direction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the admin API; every action says why. */
final class AdminRequests {

    private AdminRequests() {
    }

    record Action(@NotBlank @Size(max = 500) String reason) {
    }

    record Switch(@NotNull Direction direction, @NotBlank @Size(max = 500) String reason) {
    }
}
