package com.acme.shop.payments;

import com.acme.shop.payments.internal.Cashier;
import org.springframework.stereotype.Service;

/** The payments module's declared API: charge and refund, both idempotent. */
@Service
public class Payments {

    private final Cashier cashier;

    Payments(Cashier cashier) {
        this.cashier = cashier;
    }

    /**
     * Takes the money, or throws {@code PaymentDeclinedException}; a repeated reference returns the first charge; a
     * reference refunded before it was charged throws {@code ConflictException}.
     */
    public PaymentReceipt charge(Charge charge) {
        return cashier.charge(charge).receipt();
    }

    /**
     * Gives the money of the charge with this reference back; refunding twice is a no-op. A reference not charged
     * yet is remembered as refunded: a charge arriving under it later is refused (409), so a charge that was still
     * on its way when its caller compensated never keeps the money.
     */
    public void refund(String reference) {
        cashier.refundByReference(reference);
    }
}
