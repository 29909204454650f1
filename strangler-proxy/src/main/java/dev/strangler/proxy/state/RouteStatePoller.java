package dev.strangler.proxy.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Makes the other replicas' switches live here: reads the shared route state on its own thread every poll
 * interval and lets the switchboard adopt newer versions. While the database is unreachable the last known routes
 * keep serving; the outage is logged once when it starts and once when it ends.
 */
final class RouteStatePoller implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(RouteStatePoller.class);

    private final RouteStates states;

    private final RouteSwitchboard switchboard;

    private final Duration interval;

    private volatile boolean unreachable;

    private volatile @Nullable ScheduledExecutorService executor;

    RouteStatePoller(RouteStates states, RouteSwitchboard switchboard, Duration interval) {
        this.states = states;
        this.switchboard = switchboard;
        this.interval = interval;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "route-state-poller");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::poll, this.interval.toMillis(), this.interval.toMillis(),
                TimeUnit.MILLISECONDS);
        this.executor = started;
    }

    void poll() {
        try {
            this.switchboard.adopt(this.states.load());
            if (this.unreachable) {
                this.unreachable = false;
                logger.info("Route state " + this.states.where() + " is reachable again");
            }
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again, so every failure ends here.
            if (!this.unreachable) {
                this.unreachable = true;
                logger.warn("Cannot read route state " + this.states.where() + "; serving the last known routes "
                        + "and refusing switches until it is back: " + ex.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = this.executor;
        if (running != null) {
            running.shutdownNow();
            this.executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.executor != null;
    }

}
