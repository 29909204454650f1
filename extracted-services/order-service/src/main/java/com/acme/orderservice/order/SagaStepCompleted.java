package com.acme.orderservice.order;

/** A saga finished a step and stored the next one. */
record SagaStepCompleted(long orderId, SagaStep step) {
}
