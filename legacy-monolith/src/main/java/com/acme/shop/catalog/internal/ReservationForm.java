package com.acme.shop.catalog.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.UUID;

/** A request to hold stock; the caller picks the id so that a retry is recognised. */
record ReservationForm(@NotNull UUID reservationId, @NotNull @Positive @Max(10_000) Integer quantity) {
}
