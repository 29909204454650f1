package com.acme.shop.payments.internal;

import com.acme.shop.system.NotFoundException;
import com.acme.shop.system.PageRequests;
import com.acme.shop.system.PageResponse;
import jakarta.validation.Valid;
import java.net.URI;
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

    @PostMapping("/{id}/refund")
    PaymentView refund(@PathVariable long id) {
        return PaymentView.of(cashier.refund(id));
    }
}
