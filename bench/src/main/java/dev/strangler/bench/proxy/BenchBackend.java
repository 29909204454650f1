package dev.strangler.bench.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A stand-in for the monolith or a service that costs as little as possible, so that what the proxy costs is not
 * hidden by the backend's own cost. Paths containing {@code /w20/} do ~20 ms of work the way a servlet backend
 * does: each holds one of a fixed pool of worker threads for 20 ms, so the backend has a real maximum rate
 * ({@code workers / 20 ms}). Every other path is answered at once.
 */
final class BenchBackend implements AutoCloseable {

    static final Duration WORK = Duration.ofMillis(20);
    private static final byte[] BODY = "{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@shop.example\",\"status\":\"ACTIVE\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final ExecutorService workers;
    private final LoopResources loops;
    private final DisposableServer server;

    BenchBackend(String name, int workerThreads) {
        workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread thread = new Thread(r, name + "-worker");
            thread.setDaemon(true);
            return thread;
        });
        Scheduler scheduler = Schedulers.fromExecutorService(workers);
        loops = LoopResources.create(name, 1, true);
        server = HttpServer.create().host("127.0.0.1").port(0).runOn(loops)
                .handle((request, response) -> {
                    Mono<byte[]> body = request.uri().contains("/w20/")
                            ? Mono.fromCallable(BenchBackend::work).subscribeOn(scheduler)
                            : Mono.just(BODY);
                    return request.receive().then().then(body)
                            .flatMap(bytes -> response.header("Content-Type", "application/json")
                                    .header("Content-Length", Integer.toString(bytes.length))
                                    .sendByteArray(Mono.just(bytes)).then());
                })
                .bindNow();
    }

    private static byte[] work() throws InterruptedException {
        Thread.sleep(WORK.toMillis());
        return BODY;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
        loops.disposeLater().block(Duration.ofSeconds(10));
        workers.shutdownNow();
    }
}
