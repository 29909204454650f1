package dev.strangler.plans.history;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.Stack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The faults the history check injects, each recorded in the {@link History} when it strikes: {@code kill -9} of a
 * component (then started again, as a supervisor would), and the termination of the walsenders that stream the
 * shared database's changes to cdc-sync.
 */
final class Faults {

    /** A fault of the schedule. */
    enum Fault {
        /** {@code kill -9} of cdc-sync, then a restart. */
        CDC_SYNC,
        /** {@code kill -9} of the proxy, then a restart: writes in flight become failed or indeterminate. */
        PROXY,
        /** {@code pg_terminate_backend} of every walsender ({@code pg_stat_replication}). */
        WALSENDER,
        /** {@code kill -9} of customer-service while the proxy is forwarding writes to it, then a restart. */
        SERVICE_HOLDING_WRITES,
        /**
         * {@code kill -9} of order-service while the proxy is forwarding order writes to it (placement sagas in
         * flight), then a restart: its recovery sweep finishes or undoes them.
         */
        ORDER_SERVICE_HOLDING_WRITES
    }

    private static final Duration HOLDING_WRITES_WAIT = Duration.ofSeconds(20);
    private static final Duration WALSENDER_WAIT = Duration.ofSeconds(60);

    private final Stack stack;
    private final History history;
    private final Console console;

    Faults(Stack stack, History history, Console console) {
        this.stack = stack;
        this.history = history;
        this.console = console;
    }

    /** Injects one fault and, for a kill, waits until the component is ready again. */
    void inject(Fault fault, ShopWorkload workload) {
        switch (fault) {
            case CDC_SYNC -> crash("cdc-sync", "");
            case PROXY -> crash("strangler-proxy", " (" + workload.proxyWritesInFlight() + " writes in flight)");
            case WALSENDER -> terminateWalsenders();
            case SERVICE_HOLDING_WRITES -> crashHoldingWrites("customer-service", History.Entity.CUSTOMER, workload);
            case ORDER_SERVICE_HOLDING_WRITES -> crashHoldingWrites("order-service", History.Entity.ORDER, workload);
        }
    }

    /** Kills a service once (or, after a while, even if not) writes of its kind are on their way through the proxy. */
    private void crashHoldingWrites(String service, History.Entity entity, ShopWorkload workload) {
        long deadline = System.nanoTime() + HOLDING_WRITES_WAIT.toNanos();
        while (workload.proxyWritesInFlight(entity) == 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
        crash(service, " (" + workload.proxyWritesInFlight(entity) + " writes in flight)");
    }

    private void crash(String name, String circumstance) {
        Component component = stack.layout().components().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The stack runs no " + name));
        Instant at = Instant.now();
        Optional<Long> pid = stack.kill(component);
        if (pid.isEmpty()) {
            throw new IllegalStateException(name + " was not running when the history check came to kill it");
        }
        history.record(new History.Event(History.EventKind.FAULT, "kill -9 " + name + " (pid " + pid.get() + ")"
                + circumstance, at));
        long restart = System.nanoTime();
        List<Component> failed = stack.up();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(name + " did not come back after kill -9; see "
                    + stack.layout().logs());
        }
        console.progress("kill -9 " + name + circumstance + ": back after "
                + Duration.ofNanos(System.nanoTime() - restart).toMillis() + " ms");
    }

    /** Terminates the walsenders, waiting first (a while) for one to stream, e.g. after a restart of cdc-sync. */
    private void terminateWalsenders() {
        long deadline = System.nanoTime() + WALSENDER_WAIT.toNanos();
        try (Connection connection = DriverManager.getConnection(stack.layout().jdbcUrl("shop"), "postgres", "");
                Statement statement = connection.createStatement()) {
            while (true) {
                Instant at = Instant.now();
                try (ResultSet terminated = statement.executeQuery(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_replication")) {
                    terminated.next();
                    long count = terminated.getLong(1);
                    if (count > 0) {
                        history.record(new History.Event(History.EventKind.FAULT, "walsender killed ("
                                + count + ", pg_terminate_backend)", at));
                        console.progress("walsender killed (" + count + ")");
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No walsender streamed within " + WALSENDER_WAIT.toSeconds()
                            + " s: cdc-sync is not capturing");
                }
                Thread.sleep(250);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not terminate the walsenders: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing a walsender", ex);
        }
    }
}
