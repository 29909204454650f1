/**
 * Customers: the {@code customer} and {@code customer_address} tables and the REST API under
 * {@code /api/customers}, which answers exactly as the legacy shop's did.
 */
@NullMarked
package com.acme.customerservice.customer;

import org.jspecify.annotations.NullMarked;
