package com.acme.orderservice.order;

import com.acme.orderservice.system.OrderServiceSettings;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Finishes sagas that nobody is advancing: those left by an earlier run of the service (crash, restart) at once
 * after start-up, and those whose monolith calls failed during compensation or cancellation on every sweep after.
 * A saga counts as abandoned when it was last moved before this process started, or longer ago than
 * {@code order-service.saga.resume-after}; it is claimed with a conditional update, so two sweepers never run it
 * at the same time.
 */
@Component
class SagaRecovery {

    private static final Logger log = LoggerFactory.getLogger(SagaRecovery.class);

    private final Instant startedAt = Instant.now();
    private final OrderSagas sagas;
    private final OrderSaga saga;
    private final OrderServiceSettings settings;
    private final TaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> sweeps;

    SagaRecovery(OrderSagas sagas, OrderSaga saga, OrderServiceSettings settings, TaskScheduler scheduler) {
        this.sagas = sagas;
        this.saga = saga;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startSweeping() {
        sweeps = scheduler.scheduleWithFixedDelay(this::sweep, settings.saga().sweepEvery());
    }

    @EventListener(ContextClosedEvent.class)
    void stopSweeping() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }

    /** Advances every abandoned saga as far as it goes now. */
    void sweep() {
        Instant staleBefore = Instant.now().minus(settings.saga().resumeAfter());
        Instant before = startedAt.isAfter(staleBefore) ? startedAt : staleBefore;
        for (long orderId : sagas.unfinishedSince(before)) {
            if (!sagas.claim(orderId, before)) {
                continue;
            }
            try {
                OrderSaga.Outcome outcome = saga.run(orderId);
                log.info("Order {}: resumed saga finished as {}", orderId, outcome.step());
            }
            catch (RuntimeException ex) {
                log.warn("Order {}: resumed saga stopped, to be retried: {}", orderId, ex.toString());
            }
        }
    }
}
