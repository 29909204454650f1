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

    /** Takes the money, or throws {@code PaymentDeclinedException}; a repeated reference returns the first charge. */
    public PaymentReceipt charge(Charge charge) {
        return cashier.charge(charge).receipt();
    }

    /** Gives the money of the charge with this reference back; refunding twice or an unknown reference is a no-op. */
    public void refund(String reference) {
        cashier.refundByReference(reference);
    }
}
