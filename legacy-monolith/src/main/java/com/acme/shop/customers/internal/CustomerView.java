package com.acme.shop.customers.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A customer as the API answers with it. */
record CustomerView(long id, String firstName, String lastName, String email, @Nullable String phone,
        @Nullable AddressView address, Instant createdAt, Instant updatedAt, long version) {

    record AddressView(@Nullable String street, @Nullable String city, @Nullable String postalCode,
            @Nullable String country) {
    }

    static CustomerView of(Customer customer) {
        Address address = customer.getAddress();
        return new CustomerView(customer.getId(), customer.getFirstName(), customer.getLastName(),
                customer.getEmail(), customer.getPhone(),
                address == null ? null : new AddressView(address.getStreet(), address.getCity(),
                        address.getPostalCode(), address.getCountry()),
                customer.getCreatedAt(), customer.getUpdatedAt(), customer.getVersion());
    }
}
