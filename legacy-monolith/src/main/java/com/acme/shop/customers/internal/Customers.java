package com.acme.shop.customers.internal;

import org.springframework.data.jpa.repository.JpaRepository;

/** All customers of the shop. */
public interface Customers extends JpaRepository<Customer, Long> {

    boolean existsByEmail(String email);

    boolean existsByEmailAndIdNot(String email, long id);
}
