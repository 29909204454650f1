package com.acme.shop.payments.internal;

import java.time.Instant;

/** A payment as the API answers with it. */
record PaymentView(long id, String reference, long orderId, long amountCents, String currency, String method,
        String status, Instant createdAt, Instant updatedAt, long version) {

    static PaymentView of(Payment payment) {
        return new PaymentView(payment.getId(), payment.getReference(), payment.getOrderId(),
                payment.getAmountCents(), payment.getCurrency(), payment.getMethod(), payment.getStatus().name(),
                payment.getCreatedAt(), payment.getUpdatedAt(), payment.getVersion());
    }
}
