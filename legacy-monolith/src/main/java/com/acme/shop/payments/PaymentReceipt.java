package com.acme.shop.payments;

/** A payment as other modules see it. */
public record PaymentReceipt(long paymentId, String reference, long orderId, long amountCents, String status) {
}
