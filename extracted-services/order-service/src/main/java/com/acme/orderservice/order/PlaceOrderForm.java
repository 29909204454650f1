package com.acme.orderservice.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An order as a client places it: who, what, and how they pay. Field names, constraints and messages are the shop
 * API's: they are part of the contract.
 */
record PlaceOrderForm(
        @NotNull @Positive Long customerId,
        @NotEmpty @Size(max = 50) List<@Valid @NotNull LineForm> lines,
        @NotNull @Valid PaymentForm payment) {

    record LineForm(@NotBlank @Size(max = 32) String sku, @NotNull @Positive @Max(1000) Integer quantity) {
    }

    record PaymentForm(
            @NotNull @Pattern(regexp = "CARD|INVOICE", message = "must be CARD or INVOICE") String method,
            @Nullable @Size(max = 64) String cardToken) {
    }
}
