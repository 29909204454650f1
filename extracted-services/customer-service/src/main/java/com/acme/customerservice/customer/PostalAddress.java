package com.acme.customerservice.customer;

import org.jspecify.annotations.Nullable;

/** Where a customer lives; stored as a {@code customer_address} row only when at least one part is known. */
record PostalAddress(@Nullable String street, @Nullable String city, @Nullable String postalCode,
        @Nullable String countryCode) {

    boolean isEmpty() {
        return street == null && city == null && postalCode == null && countryCode == null;
    }
}
