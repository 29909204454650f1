package com.acme.shop.payments.internal;

import com.acme.shop.payments.Charge;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A charge as a client sends it. */
record ChargeForm(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "must be letters, digits and . _ : -")
        String reference,
        @NotNull @Positive Long orderId,
        @NotNull @Positive Long amountCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @NotNull @Pattern(regexp = "CARD|INVOICE", message = "must be CARD or INVOICE") String method,
        @Nullable @Size(max = 64) String cardToken) {

    Charge toCharge() {
        return new Charge(reference, orderId, amountCents, currency, method, cardToken);
    }
}
