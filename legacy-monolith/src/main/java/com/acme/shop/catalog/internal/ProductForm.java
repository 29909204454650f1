package com.acme.shop.catalog.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A product as a client sends it; {@code sku} is used on create only, {@code version} is required on update. */
record ProductForm(
        @Nullable @Pattern(regexp = "[A-Z0-9-]{3,32}", message = "must be 3 to 32 upper-case letters, digits or "
                + "dashes") String sku,
        @NotBlank @Size(max = 200) String name,
        @Nullable @Size(max = 2000) String description,
        @NotNull @PositiveOrZero Long priceCents,
        @NotNull @PositiveOrZero Integer stock,
        @Nullable @PositiveOrZero Long version) {
}
