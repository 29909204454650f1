package dev.strangler.plans.walkthrough;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A steady client load through the proxy at a fixed rate: reads of customers (and of orders when asked) by a
 * spread of callers ({@code X-User-Id}, which the canary split keys on), and customer writes (creates and updates),
 * and, when asked, order writes (placements and cancellations) one at a time, recording every write the client saw
 * acknowledged.
 */
final class LoadDriver implements AutoCloseable {

    /** What the client saw so far. */
    record Counts(long reads, long readFailures, long writes, long writeFailures, long writesRefused,
            Map<String, Long> answeredBy) {
    }

    private static final int CALLERS = 100;

    private final URI proxy;
    private final int seededCustomers;
    private final int seededOrders;
    private final HttpClient http;
    private final ExecutorService requests = Executors.newFixedThreadPool(4, daemon("load-request"));
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, daemon("load-tick"));
    private final JsonMapper json = JsonMapper.builder().build();
    private final AcknowledgedWrites acknowledged = new AcknowledgedWrites();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong created = new AtomicLong();
    private final LongAdder reads = new LongAdder();
    private final LongAdder readFailures = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    private final LongAdder writesRefused = new LongAdder();
    private final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
    private volatile boolean orderReads;
    private volatile boolean orderWrites;

    LoadDriver(URI proxy, int seededCustomers, int seededOrders) {
        this.proxy = proxy;
        this.seededCustomers = seededCustomers;
        this.seededOrders = seededOrders;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(requests)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Starts reading at {@code readsPerSecond} and writing at {@code writesPerSecond}. */
    void start(int readsPerSecond, int writesPerSecond) {
        ticks.scheduleAtFixedRate(this::read, 0, 1_000_000 / readsPerSecond, TimeUnit.MICROSECONDS);
        // Writes one at a time: each update carries the version the previous acknowledgement gave.
        ticks.scheduleWithFixedDelay(this::write, 0, 1_000_000 / writesPerSecond, TimeUnit.MICROSECONDS);
    }

    void readOrdersToo(boolean on) {
        orderReads = on;
    }

    /** Half of the writes place or cancel orders (of seeded customers, paid by card). */
    void writeOrdersToo(boolean on) {
        orderWrites = on;
    }

    AcknowledgedWrites acknowledged() {
        return acknowledged;
    }

    Counts counts() {
        Map<String, Long> split = new java.util.TreeMap<>();
        answeredBy.forEach((target, count) -> split.put(target, count.sum()));
        return new Counts(reads.sum(), readFailures.sum(), acknowledged.writes(), writeFailures.sum(),
                writesRefused.sum(), split);
    }

    /**
     * Stops sending, and waits for requests in flight. Never interrupts a write: one the server applied but whose
     * answer the client did not read would be neither acknowledged nor failed, and the end check would miss it.
     */
    @Override
    public void close() {
        ticks.shutdown(); // cancels the periodic ticks; a write being sent completes
        try {
            if (!ticks.awaitTermination(45, TimeUnit.SECONDS)) {
                ticks.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        requests.shutdown();
        try {
            requests.awaitTermination(15, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String path;
        if (orderReads && random.nextBoolean()) {
            List<AcknowledgedWrites.Order> own = acknowledged.orders();
            long id = !own.isEmpty() && random.nextInt(4) == 0 ? own.get(random.nextInt(own.size())).id()
                    : 1 + random.nextInt(Math.max(1, seededOrders));
            path = "api/orders/" + id;
        }
        else {
            List<AcknowledgedWrites.Customer> own = acknowledged.customers();
            long id = !own.isEmpty() && random.nextInt(4) == 0 ? own.get(random.nextInt(own.size())).id()
                    : 1 + random.nextInt(seededCustomers);
            path = "api/customers/" + id;
        }
        HttpRequest request = HttpRequest.newBuilder(proxy.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("X-User-Id", "caller-" + random.nextInt(CALLERS)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            reads.increment();
            if (failure != null || response.statusCode() >= 500) {
                readFailures.increment();
            }
            if (response != null) {
                answeredBy.computeIfAbsent(response.headers().firstValue("X-Strangler-Target").orElse("?"),
                        target -> new LongAdder()).increment();
            }
        });
    }

    private void write() {
        try {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (orderWrites && random.nextBoolean()) {
                writeOrder(random);
                return;
            }
            List<AcknowledgedWrites.Customer> own = acknowledged.customers();
            if (own.size() < 5 || random.nextBoolean()) {
                long n = created.incrementAndGet();
                send("POST", "api/customers", Map.of("firstName", "Walk" + n, "lastName", "Through",
                        "email", "walk-" + run + "-" + n + "@example.com"));
            }
            else {
                AcknowledgedWrites.Customer customer = own.get(random.nextInt(own.size()));
                send("PUT", "api/customers/" + customer.id(), Map.of("firstName", customer.firstName(),
                        "lastName", "Through-" + (customer.version() + 1), "email", customer.email(),
                        "version", customer.version()));
            }
        }
        catch (RuntimeException ex) {
            writeFailures.increment();
        }
    }

    private void writeOrder(ThreadLocalRandom random) {
        List<AcknowledgedWrites.Order> paid = acknowledged.orders().stream()
                .filter(order -> order.status().equals("PAID")).toList();
        if (paid.size() >= 3 && random.nextInt(4) == 0) {
            send("POST", "api/orders/" + paid.get(random.nextInt(paid.size())).id() + "/cancel", Map.of());
            return;
        }
        // The seeded catalogue has at least ten products with plenty of stock; a card other than tok_declined pays.
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (int line = 0, count = 1 + random.nextInt(2); line < count; line++) {
            lines.add(Map.of("sku", String.format(java.util.Locale.ROOT, "SKU-%05d", 1 + random.nextInt(10)),
                    "quantity", 1 + random.nextInt(3)));
        }
        send("POST", "api/orders", Map.of("customerId", 1 + random.nextInt(seededCustomers), "lines", lines,
                "payment", Map.of("method", "CARD", "cardToken", "tok_walkthrough")));
    }

    private void send(String method, String path, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(proxy.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-User-Id", "writer")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300 && path.startsWith("api/orders")) {
                JsonNode order = json.readTree(response.body());
                acknowledged.acknowledged(new AcknowledgedWrites.Order(order.path("id").asLong(),
                        order.path("customerId").asLong(), order.path("status").asString(),
                        order.path("totalCents").asLong(), order.path("lines").size()));
            }
            else if (status >= 200 && status < 300) {
                JsonNode customer = json.readTree(response.body());
                acknowledged.acknowledged(new AcknowledgedWrites.Customer(customer.path("id").asLong(),
                        customer.path("firstName").asString(), customer.path("lastName").asString(),
                        customer.path("email").asString(), customer.path("version").asLong()));
            }
            else if (status >= 500) {
                writeFailures.increment();
            }
            else {
                // 4xx: refused (e.g. a version conflict) and not acknowledged, so nothing is owed to the client.
                writesRefused.increment();
            }
        }
        catch (IOException ex) {
            writeFailures.increment();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
