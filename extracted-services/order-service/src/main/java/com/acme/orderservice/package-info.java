/** order-service, extracted from the legacy shop: orders in their own database behind the same API. */
@NullMarked
package com.acme.orderservice;

import org.jspecify.annotations.NullMarked;
