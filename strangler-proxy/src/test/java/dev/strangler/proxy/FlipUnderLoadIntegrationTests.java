package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching a rule back and forth while traffic flows loses no request: each one is decided against one snapshot
 * of the route table and finishes on the side it started on.
 */
class FlipUnderLoadIntegrationTests {

    private static final int REQUESTS = 2000;

    private static final int CLIENTS = 8;

    private static final int FLIPS = 50;

    @TempDir
    Path home;

    @RegisterExtension
    final ShopBackends backends = new ShopBackends();

    @Test
    void flippingARuleFiftyTimesUnderLoadFailsNoRequest() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(this.home, this.backends.properties())) {
            AtomicInteger next = new AtomicInteger();
            Semaphore progress = new Semaphore(0);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            try {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    clients.add(pool.submit(() -> {
                        for (int n = next.getAndIncrement(); n < REQUESTS; n = next.getAndIncrement()) {
                            try {
                                HttpResponse<String> response = proxy.get("/api/customers/" + n);
                                String target = response.headers().firstValue("X-Strangler-Target").orElse("?");
                                if (response.statusCode() != 200 || !response.body().contains("\"backend\":\"" + target + "\"")) {
                                    failures.add(n + ": " + response.statusCode() + " " + target + " " + response.body());
                                }
                                answeredBy.computeIfAbsent(target, (t) -> new AtomicInteger()).incrementAndGet();
                            }
                            catch (RuntimeException ex) {
                                failures.add(n + ": " + ex);
                            }
                            finally {
                                progress.release();
                            }
                        }
                    }));
                }
                Future<?> flipper = pool.submit(() -> {
                    for (int flip = 0; flip < FLIPS; flip++) {
                        // Spread the flips over the run: wait for a share of the requests between two flips.
                        progress.acquireUninterruptibly(REQUESTS / (FLIPS + 5));
                        proxy.switchRule("customers-read", (flip % 2 == 0) ? "SERVICE" : "MONOLITH", 0);
                    }
                    return null;
                });
                flipper.get(120, TimeUnit.SECONDS);
                for (Future<?> client : clients) {
                    client.get(120, TimeUnit.SECONDS);
                }
            }
            finally {
                pool.shutdownNow();
            }

            assertThat(failures).isEmpty();
            assertThat(answeredBy.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(REQUESTS);
            assertThat(answeredBy).containsOnlyKeys("monolith", "customer-service");
            assertThat(proxy.admin("GET", "/admin/routes/customers-read", null).body()).contains("\"version\":51");
            assertThat(proxy.admin("GET", "/admin/audit?limit=1000", null).body().split("\"rule\":\"customers-read\""))
                .hasSize(FLIPS + 1);
        }
    }

}
