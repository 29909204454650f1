package com.acme.orderservice.order;

import com.acme.orderservice.system.OrderServiceSettings;
import java.time.Instant;
import java.util.Optional;
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
 * A saga counts as abandoned when no run holds a live claim on it (its run stopped and let go, or its process died
 * and the claim ran out after {@code order-service.saga.claim-for}) and it was last moved before this process
 * started or longer ago than {@code order-service.saga.resume-after}. It is claimed with the same conditional
 * update the request thread's steps use, so neither two sweeps nor a sweep and a request ever run it at once.
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
            Optional<OrderSagas.Claim> claim = sagas.find(orderId).map(SagaState::step)
                    .filter(step -> !step.isFinished())
                    .flatMap(step -> sagas.claimAbandoned(orderId, step, before));
            if (claim.isEmpty()) {
                continue; // another run holds or moved it: it is alive, leave it alone
            }
            try {
                OrderSaga.Outcome outcome = saga.run(claim.get());
                log.info("Order {}: resumed saga finished as {}", orderId, outcome.step());
            }
            catch (RuntimeException ex) {
                log.warn("Order {}: resumed saga stopped, to be retried: {}", orderId, ex.toString());
            }
        }
    }
}
