/**
 * The orders module: placing, listing and cancelling orders. It has no API of its own for other modules.
 *
 * <p><strong>Legacy coupling</strong> (deliberate; the migration untangles it, see docs/legacy-coupling.md):
 * <ol>
 *   <li>{@code internal.OrderPlacement} checks the customer through the customers module's internal repository
 *       {@code customers.internal.Customers} instead of its API {@code CustomerDirectory};</li>
 *   <li>{@code internal.OrderQueries} joins the {@code customers} table in SQL to show the customer's name.</li>
 * </ol>
 */
@NullMarked
package com.acme.shop.orders;

import org.jspecify.annotations.NullMarked;
