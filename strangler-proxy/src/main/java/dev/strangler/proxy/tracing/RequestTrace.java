package dev.strangler.proxy.tracing;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.util.context.ContextView;

/**
 * Puts a request's trace on the current thread while the kit logs a line within that request, so that the line
 * carries {@code [<trace id>-<span id>]} (Boot's correlation pattern reads it from the MDC the trace fills).
 * <p>
 * The proxy runs with {@code spring.reactor.context-propagation=limited}: Reactor restores the trace only in
 * {@code tap} and {@code handle}, not around every operator. Doing it around every operator ({@code auto}) cost
 * about a fifth of the proxy's CPU per request (bench/reports/proxy-profile-2026-12-06.md); the kit restores it
 * where it writes a line instead.
 */
public final class RequestTrace {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private RequestTrace() {
    }

    /** Runs {@code work} (say, a log call) with the trace of the request whose Reactor context is {@code context} on this thread. */
    public static void run(ContextView context, Runnable work) {
        try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context, ObservationThreadLocalAccessor.KEY)) {
            work.run();
        }
    }

}
