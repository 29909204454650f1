package com.acme.shop.orders.internal;

import org.springframework.data.jpa.repository.JpaRepository;

/** All orders placed. */
interface Orders extends JpaRepository<Order, Long> {
}
