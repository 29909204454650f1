package dev.strangler.proxy.routing;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The live route table. Swapping the whole immutable snapshot in one atomic step is what makes a switch apply to
 * every new request at once while requests already decided finish on the side they started on; rebuilding
 * gateway routes with {@code RefreshRoutesEvent} would instead re-run route lookup and caching on each switch.
 */
public final class Routes {

    private final AtomicReference<RouteTable> current;

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

}
