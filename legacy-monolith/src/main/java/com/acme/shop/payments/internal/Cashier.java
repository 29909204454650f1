package com.acme.shop.payments.internal;

import com.acme.shop.payments.Charge;
import com.acme.shop.payments.PaymentReceipt;
import com.acme.shop.system.ConflictException;
import com.acme.shop.system.InvalidParameterException;
import com.acme.shop.system.NotFoundException;
import com.acme.shop.system.PaymentDeclinedException;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Takes and refunds payments, idempotent on the charge reference. */
@Service
@Transactional
public class Cashier {

    /** The stand-in payment provider declines this card token and captures every other. */
    static final String DECLINED_CARD_TOKEN = "tok_declined";

    private static final Set<String> METHODS = Set.of("CARD", "INVOICE");

    private final PaymentRecords payments;

    Cashier(PaymentRecords payments) {
        this.payments = payments;
    }

    /** The payment, and whether this call took it (false when it repeats an earlier charge). */
    public record Outcome(Payment payment, boolean created) {

        public PaymentReceipt receipt() {
            return payment.receipt();
        }
    }

    public Outcome charge(Charge charge) {
        if (!METHODS.contains(charge.method())) {
            throw new InvalidParameterException("method", "must be CARD or INVOICE");
        }
        Optional<Payment> earlier = payments.findByReference(charge.reference());
        if (earlier.isPresent()) {
            if (!earlier.get().sameChargeAs(charge.orderId(), charge.amountCents(), charge.currency())) {
                throw new ConflictException("Reference " + charge.reference() + " was used for another charge");
            }
            return new Outcome(earlier.get(), false);
        }
        if ("CARD".equals(charge.method())) {
            String token = charge.cardToken();
            if (token == null || token.isBlank()) {
                throw new InvalidParameterException("cardToken", "is required for card payments");
            }
            if (DECLINED_CARD_TOKEN.equals(token)) {
                throw new PaymentDeclinedException("The card was declined");
            }
        }
        Payment payment = new Payment(charge.reference(), charge.orderId(), charge.amountCents(), charge.currency(),
                charge.method());
        return new Outcome(payments.saveAndFlush(payment), true);
    }

    Payment refund(long paymentId) {
        Payment payment = payments.findById(paymentId).orElseThrow(() -> new NotFoundException("Payment", paymentId));
        payment.refund();
        return payments.saveAndFlush(payment);
    }

    public void refundByReference(String reference) {
        payments.findByReference(reference).ifPresent(payment -> {
            payment.refund();
            payments.saveAndFlush(payment);
        });
    }
}
