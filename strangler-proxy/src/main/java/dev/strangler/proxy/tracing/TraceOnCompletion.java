package dev.strangler.proxy.tracing;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The outermost web filter: holds the request's trace on the thread while the request's end travels back to the
 * server, so that the lines written then (Spring's {@code Completed 200 OK}, an error handler's) carry its trace
 * id. Once per request instead of around every operator (see {@link RequestTrace}).
 */
final class TraceOnCompletion implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).transform(Operators.<Void, Void>lift((scannable, actual) -> new Restoring(actual)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Passes every signal on; the end of the request is passed on with the trace on the thread. */
    private static final class Restoring implements CoreSubscriber<Void> {

        private final CoreSubscriber<? super Void> actual;

        Restoring(CoreSubscriber<? super Void> actual) {
            this.actual = actual;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.actual.onSubscribe(subscription);
        }

        @Override
        public void onNext(Void value) {
            this.actual.onNext(value);
        }

        @Override
        public void onError(Throwable failure) {
            RequestTrace.run(this.actual.currentContext(), () -> this.actual.onError(failure));
        }

        @Override
        public void onComplete() {
            RequestTrace.run(this.actual.currentContext(), this.actual::onComplete);
        }

        @Override
        public Context currentContext() {
            return this.actual.currentContext();
        }

    }

}
