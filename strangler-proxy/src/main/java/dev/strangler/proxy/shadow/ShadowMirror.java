package dev.strangler.proxy.shadow;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.util.function.Tuples;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.ShadowTraffic;
import dev.strangler.proxy.tracing.TraceOnLogLine;

/**
 * Sends the copy of a shadowed request to the service and compares the two answers once both are in. Nothing here
 * is on the client's path: the copy is subscribed separately, only once the monolith's answer has gone to the
 * client, on its own connection pool and event loop, bounded in number (over the bound a copy is skipped, never
 * queued) and time, and built and compared on its own thread; the client waits only for the monolith, as in
 * MONOLITH mode.
 * <p>
 * The copy belongs to the client's trace: its client span is a child of the proxy's server span, and the service
 * receives that span's {@code traceparent}, so a shadowed call can be found next to the monolith's answer.
 */
@Component
class ShadowMirror implements ShadowTraffic {

    private static final Logger logger = LoggerFactory.getLogger(ShadowMirror.class);

    private static final Set<String> NOT_COPIED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate");

    static final String SHADOW_HEADER = "X-Strangler-Shadow";

    private final ShadowSettings settings;

    private final ShadowReports reports;

    private final ResponseComparison comparison;

    private final Semaphore inFlight;

    private final ConnectionProvider connections;

    private final LoopResources loop;

    private final WebClient client;

    private final Scheduler comparisons;

    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;

    /** The primary request's header filters less the gateway's observation, looked up on first use. */
    private volatile @Nullable List<HttpHeadersFilter> copyFilters;

    ShadowMirror(ShadowSettings settings, ShadowReports reports, JsonMapper json,
            ObjectProvider<ObservationRegistry> observations, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        this.settings = settings;
        this.headersFilters = headersFilters;
        this.reports = reports;
        this.comparison = new ResponseComparison(json);
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.connections = ConnectionProvider.builder("strangler-shadow").maxConnections(settings.maxInFlight()).build();
        // The copies' connections get an event loop of their own: on the loops that serve clients, a copy's answer
        // being read and decoded would queue in front of a client's request on the same loop.
        this.loop = LoopResources.create("strangler-shadow", 1, true);
        this.client = WebClient.builder()
            .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.connections).runOn(this.loop)))
            .codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize((int) settings.maxBody().toBytes()))
            .build();
        this.comparisons = Schedulers.newSingle("strangler-shadow-compare", true);
    }

    @Override
    public Mono<ServerWebExchange> mirror(ServerWebExchange exchange, RouteRule rule, URI serviceUrl) {
        // The copy is subscribed on its own, outside the request's Reactor context: take the request's observation
        // along so that the copy's span joins the client's trace.
        return Mono.deferContextual((context) -> mirror(exchange, rule, serviceUrl,
                context.getOrDefault(ObservationThreadLocalAccessor.KEY, null)));
    }

    private Mono<ServerWebExchange> mirror(ServerWebExchange exchange, RouteRule rule, URI serviceUrl,
            @Nullable Observation request) {
        if (!this.inFlight.tryAcquire()) {
            this.reports.skipped(rule.id());
            return Mono.just(exchange);
        }
        // Released exactly once: by the copy when it ends, or here when the body never arrives (an error, or the
        // client going away while it was being read, which cancels rather than fails).
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                this.inFlight.release();
            }
        };
        HttpMethod method = exchange.getRequest().getMethod();
        boolean hasBody = !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method);
        Mono<byte[]> body = hasBody ? bufferBody(exchange) : Mono.just(new byte[0]);
        return body.doOnError((ex) -> release.run()).doOnCancel(release).map((bytes) -> {
            ResponseCapture capture = new ResponseCapture((int) this.settings.maxBody().toBytes());
            exchange.getAttributes().put(ShadowCaptureFilter.CAPTURE_ATTR, capture);
            String path = serviceUrl.getRawPath() + ((serviceUrl.getRawQuery() != null) ? "?" + serviceUrl.getRawQuery() : "");
            // Taken now, while the client's exchange is live; the copy itself waits.
            HttpHeaders headers = copiedHeaders(exchange);
            capture.result()
                // The copy leaves once the monolith's answer has gone to the client, and is built off the event
                // loop: sent alongside the primary request it would compete with it for the same cores and delay
                // the client's answer, which is all SHADOW mode promises not to do.
                .publishOn(this.comparisons)
                .flatMap((monolithAnswer) -> callService(method, serviceUrl, headers, bytes)
                    .map((serviceAnswer) -> Tuples.of(monolithAnswer, serviceAnswer)))
                .timeout(this.settings.timeout())
                .publishOn(this.comparisons)
                .doFinally((signal) -> release.run())
                .contextWrite((context) -> (request != null) ? context.put(ObservationThreadLocalAccessor.KEY, request)
                        : context)
                .subscribe(
                        (answers) -> this.reports.compared(rule.id(), method.name(), path,
                                this.comparison.compare(answers.getT1(), answers.getT2(), rule.shadow())),
                        (ex) -> {
                            if (logger.isDebugEnabled()) {
                                TraceOnLogLine.log(exchange,
                                        () -> logger.debug("Shadow comparison for rule {} failed", rule.id(), ex));
                            }
                            this.reports.failed(rule.id());
                        });
            return hasBody ? withBody(exchange, bytes) : exchange;
        });
    }

    private Mono<byte[]> bufferBody(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), (int) this.settings.maxBody().toBytes())
            .map((buffer) -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                return bytes;
            })
            .defaultIfEmpty(new byte[0])
            .onErrorMap(DataBufferLimitException.class, (ex) -> new ResponseStatusException(
                    HttpStatus.CONTENT_TOO_LARGE, "A shadowed write's body is limited to " + this.settings.maxBody()));
    }

    /**
     * The copy's headers: through the same filters as the primary request's (hop-by-hop removal, the trusted-proxy
     * policy for Forwarded and X-Forwarded-*), so the service sees what it would see when serving.
     */
    private HttpHeaders copiedHeaders(ServerWebExchange exchange) {
        HttpHeaders filtered = HttpHeadersFilter.filterRequest(copyFilters(), exchange);
        HttpHeaders copied = new HttpHeaders();
        filtered.forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                copied.addAll(name, values);
            }
        });
        copied.set(SHADOW_HEADER, "true");
        return copied;
    }

    /**
     * Every header filter of the primary request but the gateway's {@link ObservedRequestHttpHeadersFilter}: that one
     * starts the observation of the gateway's own backend call and leaves it on the exchange for the gateway to stop
     * when that call answers. Run for the copy too, it started a second one that nobody stopped, and each shadowed
     * request stayed in memory with it. The copy's call is observed by its own client, which writes its
     * {@code traceparent}; when nothing is observed (no OTLP collector named) the proxy's own header filter among
     * these writes it.
     */
    private List<HttpHeadersFilter> copyFilters() {
        List<HttpHeadersFilter> filters = this.copyFilters;
        if (filters == null) {
            List<HttpHeadersFilter> all = this.headersFilters.getIfAvailable(List::of);
            filters = all.stream().filter((filter) -> !(filter instanceof ObservedRequestHttpHeadersFilter)).toList();
            this.copyFilters = filters;
        }
        return filters;
    }

    private Mono<CapturedResponse> callService(HttpMethod method, URI url, HttpHeaders copied, byte[] body) {
        WebClient.RequestBodySpec spec = this.client.method(method).uri(url)
            .headers((headers) -> headers.addAll(copied));
        WebClient.RequestHeadersSpec<?> ready = (body.length > 0) ? spec.bodyValue(body) : spec;
        return ready.exchangeToMono((response) -> response.bodyToMono(byte[].class)
            .defaultIfEmpty(new byte[0])
            .map((bytes) -> {
                HttpHeaders headers = new HttpHeaders();
                response.headers().asHttpHeaders().forEach(headers::addAll);
                return new CapturedResponse(response.statusCode().value(), headers, bytes, false);
            }));
    }

    private static ServerWebExchange withBody(ServerWebExchange exchange, byte[] bytes) {
        ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
            }
        };
        return exchange.mutate().request(request).build();
    }

    @PreDestroy
    void close() {
        this.comparisons.dispose();
        this.connections.dispose();
        this.loop.dispose();
    }

}
