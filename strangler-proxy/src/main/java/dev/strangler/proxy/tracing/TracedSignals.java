package dev.strangler.proxy.tracing;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;

/**
 * A request's web filter chain with its trace on the thread's MDC while the chain is subscribed, asked for its answer
 * or cancelled, and while its end is signalled: the routing decision (taken on subscription), and what runs on that
 * end below the web filters (the error handlers' lines, the web handler's "Completed 200 OK"), log with the request's
 * trace id. A handful of MDC writes per request, where {@code spring.reactor.context-propagation=auto} saved and
 * restored every registered thread local around every operator of the request path; lines logged on a backend's
 * answer, above this point, put the trace on themselves ({@link TraceOnLogLine}).
 */
final class TracedSignals extends MonoOperator<Void, Void> {

    private final RequestTrace trace;

    TracedSignals(Mono<Void> chain, RequestTrace trace) {
        super(chain);
        this.trace = trace;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        try (TraceInMdc.Scope scope = TraceInMdc.on(this.trace)) {
            this.source.subscribe(new Traced(actual, this.trace));
        }
    }

    private static final class Traced implements CoreSubscriber<Void>, Subscription {

        private final CoreSubscriber<? super Void> actual;

        private final RequestTrace trace;

        private Subscription upstream;

        Traced(CoreSubscriber<? super Void> actual, RequestTrace trace) {
            this.actual = actual;
            this.trace = trace;
        }

        @Override
        public Context currentContext() {
            return this.actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.upstream = subscription;
            this.actual.onSubscribe(this);
        }

        @Override
        public void onNext(Void value) {
            // A Mono<Void> completes without a value.
        }

        @Override
        public void onError(Throwable error) {
            try (TraceInMdc.Scope scope = TraceInMdc.on(this.trace)) {
                this.actual.onError(error);
            }
        }

        @Override
        public void onComplete() {
            try (TraceInMdc.Scope scope = TraceInMdc.on(this.trace)) {
                this.actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            try (TraceInMdc.Scope scope = TraceInMdc.on(this.trace)) {
                this.upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            try (TraceInMdc.Scope scope = TraceInMdc.on(this.trace)) {
                this.upstream.cancel();
            }
        }

    }

}
