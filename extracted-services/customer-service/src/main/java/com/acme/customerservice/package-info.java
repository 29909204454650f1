/** customer-service, extracted from the legacy shop: customers in their own database behind the same API. */
@NullMarked
package com.acme.customerservice;

import org.jspecify.annotations.NullMarked;
