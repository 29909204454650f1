package com.acme.shop.payments.internal;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** All payments taken. */
interface PaymentRecords extends JpaRepository<Payment, Long> {

    Optional<Payment> findByReference(String reference);

    Page<Payment> findByOrderId(long orderId, Pageable pageable);
}
