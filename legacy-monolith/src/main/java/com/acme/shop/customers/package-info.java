/**
 * The customers module: who buys. Its API for other modules is {@link com.acme.shop.customers.CustomerDirectory};
 * everything in {@code internal} is its own business.
 *
 * <p>Legacy coupling into this module, left for the migration to untangle (see docs/legacy-coupling.md): the
 * orders module calls {@code internal.Customers} directly and joins the {@code customers} table in SQL; and this
 * module's own delete reads the orders module's {@code orders} table.
 */
@NullMarked
package com.acme.shop.customers;

import org.jspecify.annotations.NullMarked;
