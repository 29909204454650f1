package com.acme.customerservice.customer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Someone who buys from the shop, as customer-service stores it. Emails are kept stripped and in lower case;
 * {@code revision} counts changes and guards concurrent edits.
 */
record Customer(long id, String givenName, String familyName, String email, @Nullable String phoneNumber,
        @Nullable PostalAddress address, Instant registeredAt, Instant modifiedAt, long revision) {

    /** A customer about to be registered: no id yet, revision 0. */
    static Customer register(String givenName, String familyName, String email, @Nullable String phoneNumber,
            @Nullable PostalAddress address) {
        Instant now = now();
        return new Customer(0, givenName.strip(), familyName.strip(), normalizeEmail(email), phoneNumber,
                emptyToNull(address), now, now, 0);
    }

    /** This customer after a change: a new revision, modified now. */
    Customer change(String givenName, String familyName, String email, @Nullable String phoneNumber,
            @Nullable PostalAddress address) {
        return new Customer(id, givenName.strip(), familyName.strip(), normalizeEmail(email), phoneNumber,
                emptyToNull(address), registeredAt, now(), revision + 1);
    }

    Customer withId(long newId) {
        return new Customer(newId, givenName, familyName, email, phoneNumber, address, registeredAt, modifiedAt,
                revision);
    }

    static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static @Nullable PostalAddress emptyToNull(@Nullable PostalAddress address) {
        return address == null || address.isEmpty() ? null : address;
    }

    // PostgreSQL keeps microseconds: truncating here makes what we answer equal to what a re-read returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
