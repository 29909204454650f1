package dev.strangler.proxy.tracing;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts a request's trace on the thread, as the MDC's {@code traceId} and {@code spanId} that the log pattern's
 * correlation id prints: wherever Reactor restores the request's context onto a thread (its {@code handle} and
 * {@code tap} operators under {@code spring.reactor.context-propagation=limited}, every operator under {@code auto}),
 * and around the signals and log calls the proxy restores it for itself ({@link #on}).
 */
final class TraceInMdc implements ThreadLocalAccessor<RequestTrace> {

    static final String KEY = TraceInMdc.class.getName();

    private static final ThreadLocal<@Nullable RequestTrace> current = new ThreadLocal<>();

    /**
     * Puts {@code trace} on this thread's MDC until the returned scope closes, then puts back what was there: for one
     * signal or one log line, without Reactor saving and restoring thread locals on every operator.
     */
    static Scope on(RequestTrace trace) {
        @Nullable String traceId = MDC.get("traceId");
        @Nullable String spanId = MDC.get("spanId");
        MDC.put("traceId", trace.span().traceId());
        MDC.put("spanId", trace.span().spanId());
        return () -> {
            restore("traceId", traceId);
            restore("spanId", spanId);
        };
    }

    private static void restore(String key, @Nullable String value) {
        if (value != null) {
            MDC.put(key, value);
        }
        else {
            MDC.remove(key);
        }
    }

    /** The trace on the thread's MDC for as long as it is open. */
    interface Scope extends AutoCloseable {

        @Override
        void close();

    }

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
