/**
 * The payments module: charges and refunds. Its API for other modules is
 * {@link com.acme.shop.payments.Payments}; charges are idempotent on a caller-chosen reference.
 *
 * <p>The shop has no real payment provider: a card token {@code tok_declined} is declined, any other is
 * captured. That is enough to exercise every failure path of order placement.
 */
@NullMarked
package com.acme.shop.payments;

import org.jspecify.annotations.NullMarked;
