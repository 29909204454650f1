package dev.strangler.bench.load;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A non-blocking HTTP/1.1 client with a pool of keep-alive connections. Waiting for a free connection is part of
 * a request's latency (the pool queues without limit), so the client never sheds load that it could not send.
 */
public final class HttpTarget implements AutoCloseable {

    private final ConnectionProvider connections;
    private final LoopResources loops;
    private final HttpClient client;

    public HttpTarget(String name, int maxConnections) {
        connections = ConnectionProvider.builder(name).maxConnections(maxConnections).pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2)).build();
        loops = LoopResources.create(name, 1, true);
        client = HttpClient.create(connections).runOn(loops).responseTimeout(Duration.ofSeconds(30));
    }

    /** GET {@code url(index)} with header {@code X-User-Id: user(index)}; succeeds on a 2xx. */
    public OpenLoop.Request get(LongFunction<String> url, LongFunction<String> user) {
        return index -> exchange(url.apply(index), user.apply(index), headers -> Boolean.TRUE).thenApply(h -> h != null);
    }

    /** GET that hands back a response header's value ({@code null} when the answer was not a 2xx). */
    public CompletableFuture<String> header(String url, String user, String header) {
        return exchange(url, user, headers -> String.valueOf(headers.get(header)));
    }

    private <T> CompletableFuture<T> exchange(String url, String user, Function<HttpHeaders, T> read) {
        return client.headers(h -> h.set("X-User-Id", user)).get().uri(url)
                .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                        .then(response.status().code() / 100 == 2
                                ? Mono.justOrEmpty(read.apply(response.responseHeaders()))
                                : Mono.<T>empty()))
                .toFuture();
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
