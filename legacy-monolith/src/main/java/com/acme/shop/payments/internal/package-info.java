/**
 * The payments module's internals: the {@code payments} table and the REST API under {@code /api/payments}.
 */
@NullMarked
package com.acme.shop.payments.internal;

import org.jspecify.annotations.NullMarked;
