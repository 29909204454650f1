package com.acme.shop.system;

/** The payment provider refused a charge: answered with 402, and nothing of the request is kept. */
public class PaymentDeclinedException extends RuntimeException {

    public PaymentDeclinedException(String reason) {
        super(reason);
    }
}
