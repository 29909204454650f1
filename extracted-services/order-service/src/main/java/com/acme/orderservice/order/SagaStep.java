package com.acme.orderservice.order;

/**
 * The steps of an order's saga. Placement runs {@code RESERVING_STOCK → TAKING_PAYMENT → CONFIRMING → PLACED};
 * a refusal or an unreachable monolith on the way turns it to {@code COMPENSATING → REJECTED}. Cancelling a placed
 * order runs {@code CANCELLING → CANCELLED}. Each step is stored before its remote calls, so a restart resumes it.
 */
enum SagaStep {
    RESERVING_STOCK, TAKING_PAYMENT, CONFIRMING, PLACED, COMPENSATING, REJECTED, CANCELLING, CANCELLED;

    boolean isFinished() {
        return this == PLACED || this == REJECTED || this == CANCELLED;
    }

    /** Steps that go forward: if the monolith cannot be reached during one, the placement is undone. */
    boolean isForward() {
        return this == RESERVING_STOCK || this == TAKING_PAYMENT;
    }
}
