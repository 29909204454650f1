package dev.strangler.proxy.tracing;

import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * For the proxy's lines logged where a backend's answer arrives (a fallback's decision, a shadow copy's failure):
 * Reactor does not restore the request's trace onto that thread by itself
 * ({@code spring.reactor.context-propagation=limited}, the default while nothing is observed), so such a line puts
 * it on the MDC for itself. With observations on, the exchange holds no light trace and Reactor restores the
 * observation's ({@code auto}); the line is logged as it is.
 */
public final class TraceOnLogLine {

    private TraceOnLogLine() {
    }

    /** Runs {@code log} with the exchange's trace id on the thread's log lines. */
    public static void log(ServerWebExchange exchange, Runnable log) {
        @Nullable RequestTrace trace = exchange.getAttribute(RequestTrace.ATTRIBUTE);
        if (trace == null) {
            log.run();
            return;
        }
        try (TraceInMdc.Scope scope = TraceInMdc.on(trace)) {
            log.run();
        }
    }

}
