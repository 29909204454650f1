package com.acme.shop.system.seed;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How much demo data to write into an empty database, e.g. {@code --shop.seed.customers=1000000}.
 *
 * @param enabled write nothing when false
 * @param customers number of customers
 * @param products number of products
 * @param orders number of orders (each with 1 to 3 lines and a payment)
 */
@ConfigurationProperties("shop.seed")
public record SeedSettings(boolean enabled, int customers, int products, int orders) {

    public SeedSettings {
        if (customers < 1 || products < 1 || orders < 0) {
            throw new IllegalArgumentException("customers and products must be 1 or more and orders 0 or more, were "
                    + customers + ", " + products + " and " + orders);
        }
    }
}
