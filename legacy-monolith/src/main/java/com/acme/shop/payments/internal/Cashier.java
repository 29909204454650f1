package com.acme.shop.payments.internal;

import com.acme.shop.payments.Charge;
import com.acme.shop.payments.PaymentReceipt;
import com.acme.shop.system.ConflictException;
import com.acme.shop.system.InvalidParameterException;
import com.acme.shop.system.NotFoundException;
import com.acme.shop.system.PaymentDeclinedException;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes and refunds payments, idempotent on the charge reference. A refund may arrive before its charge (the caller's
 * charge timed out and it compensated while the charge was still on its way): the reference is then remembered as
 * refunded before charged, and a charge arriving under it later is refused with a conflict, so no money is kept that
 * no one would refund. Charges and refunds of one reference run one after the other (a per-reference lock).
 */
@Service
@Transactional
public class Cashier {

    /** The stand-in payment provider declines this card token and captures every other. */
    static final String DECLINED_CARD_TOKEN = "tok_declined";

    private static final Set<String> METHODS = Set.of("CARD", "INVOICE");

    private final PaymentRecords payments;
    private final RefundedReferences refundedReferences;

    Cashier(PaymentRecords payments, RefundedReferences refundedReferences) {
        this.payments = payments;
        this.refundedReferences = refundedReferences;
    }

    /**
     * What a refund by reference did.
     *
     * @param payment the payment refunded, or null when none was charged under the reference yet
     */
    public record RefundOutcome(String reference, @Nullable Payment payment) {
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
        refundedReferences.lock(charge.reference());
        Optional<Payment> earlier = payments.findByReference(charge.reference());
        if (earlier.isPresent()) {
            if (!earlier.get().sameChargeAs(charge.orderId(), charge.amountCents(), charge.currency())) {
                throw new ConflictException("Reference " + charge.reference() + " was used for another charge");
            }
            return new Outcome(earlier.get(), false);
        }
        if (refundedReferences.contains(charge.reference())) {
            throw new ConflictException("Reference " + charge.reference() + " was refunded before it was charged; "
                    + "the charge is refused and no money was taken");
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

    /**
     * Refunds the payment charged under {@code reference}; when there is none yet, remembers the reference so that a
     * charge arriving under it later is refused. Repeating it changes nothing.
     */
    public RefundOutcome refundByReference(String reference) {
        refundedReferences.lock(reference);
        Optional<Payment> payment = payments.findByReference(reference);
        if (payment.isEmpty()) {
            refundedReferences.add(reference);
            return new RefundOutcome(reference, null);
        }
        payment.get().refund();
        return new RefundOutcome(reference, payments.saveAndFlush(payment.get()));
    }
}
