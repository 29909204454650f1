package com.acme.customerservice.customer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A customer as a client sends it to create or update one ({@code version} required on update). Field names,
 * constraints and messages are the shop API's: they are part of the contract.
 */
record CustomerForm(
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @NotBlank @Email @Size(max = 254) String email,
        @Nullable @Pattern(regexp = "\\+?[0-9 ()-]{3,40}", message = "must be a phone number of digits, spaces, "
                + "parentheses and dashes") String phone,
        @Nullable @Valid AddressForm address,
        @Nullable @PositiveOrZero Long version) {

    record AddressForm(
            @Nullable @Size(max = 200) String street,
            @Nullable @Size(max = 100) String city,
            @Nullable @Size(max = 20) String postalCode,
            @Nullable @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter code such as DE")
            String country) {
    }

    @Nullable PostalAddress postalAddress() {
        return address == null ? null
                : new PostalAddress(address.street(), address.city(), address.postalCode(), address.country());
    }
}
