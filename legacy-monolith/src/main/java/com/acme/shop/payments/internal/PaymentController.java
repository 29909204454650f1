package com.acme.shop.payments.internal;

import com.acme.shop.system.InvalidParameterException;
import com.acme.shop.system.NotFoundException;
import com.acme.shop.system.PageRequests;
import com.acme.shop.system.PageResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/payments}: list and read payments, charge (201, or 200 when the reference was charged before)
 * and refund.
 */
@RestController
@RequestMapping("/api/payments")
class PaymentController {

    /** The same rule as a charge's reference ({@link ChargeForm}). */
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:-]+");

    private final PaymentRecords payments;
    private final Cashier cashier;

    PaymentController(PaymentRecords payments, Cashier cashier) {
        this.payments = payments;
        this.cashier = cashier;
    }

    @GetMapping
    @Transactional(readOnly = true)
    PageResponse<PaymentView> list(@RequestParam(required = false) @Nullable Long orderId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Pageable pageable = PageRequests.of(page, size, Sort.by("id"));
        return PageResponse.of(orderId == null ? payments.findAll(pageable) : payments.findByOrderId(orderId,
                pageable), PaymentView::of);
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    PaymentView get(@PathVariable long id) {
        return payments.findById(id).map(PaymentView::of).orElseThrow(() -> new NotFoundException("Payment", id));
    }

    @PostMapping
    ResponseEntity<PaymentView> charge(@Valid @RequestBody ChargeForm form) {
        Cashier.Outcome outcome = cashier.charge(form.toCharge());
        PaymentView view = PaymentView.of(outcome.payment());
        return outcome.created()
                ? ResponseEntity.created(URI.create("/api/payments/" + view.id())).body(view)
                : ResponseEntity.ok(view);
    }

    /**
     * Refunds by reference, for a caller that knows only its own reference (its charge's answer may have been
     * lost). With no charge under the reference yet, the reference is remembered and a later charge is refused.
     */
    @PostMapping("/by-reference/{reference}/refund")
    RefundView refundByReference(@PathVariable String reference) {
        if (reference.length() > 64 || !REFERENCE.matcher(reference).matches()) {
            throw new InvalidParameterException("reference", "must be 1-64 letters, digits and . _ : -");
        }
        Cashier.RefundOutcome outcome = cashier.refundByReference(reference);
        Payment payment = outcome.payment();
        return payment == null ? new RefundView(reference, "REFUNDED_BEFORE_CHARGE", null)
                : new RefundView(reference, payment.getStatus().name(), payment.getId());
    }

    /** What a refund by reference did: {@code REFUNDED} (paymentId set) or {@code REFUNDED_BEFORE_CHARGE}. */
    record RefundView(String reference, String status, @Nullable Long paymentId) {
    }

    @PostMapping("/{id}/refund")
    PaymentView refund(@PathVariable long id) {
        return PaymentView.of(cashier.refund(id));
    }
}
