package com.acme.shop.payments;

import org.jspecify.annotations.Nullable;

/**
 * A request to take money for an order.
 *
 * @param reference unique per charge, chosen by the caller: charging twice with one reference charges once
 * @param method {@code CARD} (needs a card token) or {@code INVOICE}
 */
public record Charge(String reference, long orderId, long amountCents, String currency, String method,
        @Nullable String cardToken) {
}
