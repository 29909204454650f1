package dev.strangler.proxy.shadow;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts a response decorator in place before the gateway writes the backend's body, so that a shadowed request's
 * monolith answer can be copied. The routing decision is only made later in the chain, so the decorator captures
 * only when {@link ShadowMirror} has left a {@link ResponseCapture} on the exchange; otherwise it passes through.
 */
@Component
class ShadowCaptureFilter implements GlobalFilter, Ordered {

    static final String CAPTURE_ATTR = ShadowCaptureFilter.class.getName() + ".capture";

    @Override
    public int getOrder() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange.mutate().response(new CapturingResponse(exchange)).build());
    }

    private static final class CapturingResponse extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;

        CapturingResponse(ServerWebExchange exchange) {
            super(exchange.getResponse());
            this.exchange = exchange;
        }

        private @Nullable ResponseCapture capture() {
            return this.exchange.getAttribute(CAPTURE_ATTR);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            ResponseCapture capture = capture();
            if (capture == null) {
                return super.writeWith(body);
            }
            ServerHttpResponse delegate = getDelegate();
            return super.writeWith(Flux.from(body)
                .doOnNext(capture::copy)
                .doOnComplete(() -> capture.complete(status(delegate), delegate.getHeaders()))
                .doOnError((ex) -> capture.fail("monolith response failed: " + ex))
                .doOnCancel(() -> capture.fail("client went away")));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            ResponseCapture capture = capture();
            if (capture != null) {
                capture.fail("streaming responses are not compared");
            }
            return super.writeAndFlushWith(body);
        }

        @Override
        public Mono<Void> setComplete() {
            ResponseCapture capture = capture();
            if (capture != null) {
                capture.complete(status(getDelegate()), getDelegate().getHeaders());
            }
            return super.setComplete();
        }

        private static int status(ServerHttpResponse response) {
            HttpStatusCode status = response.getStatusCode();
            return (status != null) ? status.value() : 200;
        }

    }

}
