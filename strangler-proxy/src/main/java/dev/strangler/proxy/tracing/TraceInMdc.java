package dev.strangler.proxy.tracing;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts a request's trace on the thread, as the MDC's {@code traceId} and {@code spanId} that the log pattern's
 * correlation id prints, wherever Reactor restores the request's context onto a thread.
 */
final class TraceInMdc implements ThreadLocalAccessor<RequestTrace> {

    static final String KEY = TraceInMdc.class.getName();

    private static final ThreadLocal<@Nullable RequestTrace> current = new ThreadLocal<>();

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public @Nullable RequestTrace getValue() {
        return current.get();
    }

    @Override
    public void setValue(RequestTrace value) {
        current.set(value);
        MDC.put("traceId", value.span().traceId());
        MDC.put("spanId", value.span().spanId());
    }

    @Override
    public void setValue() {
        // Only what this accessor put there: the registry is the JVM's, and with observations on (another proxy in
        // the same JVM, as in tests) the MDC's trace ids are Micrometer Tracing's, not to be cleared from here.
        if (current.get() != null) {
            current.remove();
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
    }

}
