package com.acme.orderservice.order;

import org.jspecify.annotations.Nullable;

/** Where one order's saga stands and what it needs to repeat a step: the payment reference and means. */
record SagaState(long orderId, SagaStep step, String paymentReference, @Nullable String paymentMethod,
        @Nullable String cardToken, @Nullable String failure) {
}
