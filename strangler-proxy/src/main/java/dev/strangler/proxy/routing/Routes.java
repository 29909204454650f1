package dev.strangler.proxy.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live route table. Swapping the whole immutable snapshot in one atomic step is what makes a switch apply to
 * every new request at once while requests already decided finish on the side they started on; rebuilding
 * gateway routes with {@code RefreshRoutesEvent} would instead re-run route lookup and caching on each switch.
 * <p>
 * It also counts, per rule, the requests that are at a backend, so that a switch to {@link RouteMode#HOLD} can wait
 * until none of the rule's requests decided before it is still running.
 */
public final class Routes {

    private final AtomicReference<RouteTable> current;

    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public Routes(RouteTable initial) {
        this.current = new AtomicReference<>(initial);
    }

    public RouteTable current() {
        return this.current.get();
    }

    /** Replaces the table; callers serialise changes, so a plain set cannot lose one. */
    public void replace(RouteTable next) {
        this.current.set(next);
    }

    /**
     * How many requests of the rule are at a backend now. Once a switch has replaced the table, this only goes
     * down for the requests decided under the old mode: a request decided later is counted before it is sure
     * its table is still the live one (see {@link #enter}).
     */
    public int inFlight(String ruleId) {
        AtomicInteger count = this.inFlight.get(ruleId);
        return (count != null) ? count.get() : 0;
    }

    /**
     * Counts a request of the rule as going to a backend, if the table it was decided on is still the live one.
     * Counting first and checking the table second is what lets a switch trust {@link #inFlight}: a request that
     * missed the switch was either counted before the table changed, or sees the change here and is decided again.
     * @return false (and nothing counted) when the table changed since the request was decided
     */
    boolean enter(String ruleId, RouteTable decidedOn) {
        AtomicInteger count = this.inFlight.get(ruleId);
        if (count == null) {
            count = this.inFlight.computeIfAbsent(ruleId, (id) -> new AtomicInteger());
        }
        count.incrementAndGet();
        if (this.current.get() != decidedOn) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A request {@linkplain #enter counted} has finished, however it ended. */
    void leave(String ruleId) {
        this.inFlight.get(ruleId).decrementAndGet();
    }

}
