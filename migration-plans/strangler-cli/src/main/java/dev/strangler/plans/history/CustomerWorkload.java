package dev.strangler.plans.history;

import dev.strangler.plans.history.History.Kind;
import dev.strangler.plans.history.History.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random creates, updates and deletes of customers, through the proxy and, while {@link #legacyBatch(boolean)} is
 * on, straight into the monolith's {@code customers} table as a legacy batch job would; every operation is recorded
 * in a {@link History} from invocation to outcome. Every value written is the operation's tag (last name and city),
 * every created customer's e-mail carries the run and the operation id.
 *
 * <p>Operations on one customer are sequential: a writer claims the customer for the length of one operation, and a
 * customer whose last operation is indeterminate (or deleted) is never written again. Reads of the seeded customers
 * by a spread of callers feed the plan's traffic gates (shadow comparisons, canary share) without differing between
 * the two sides.
 */
final class CustomerWorkload implements AutoCloseable {

    /**
     * How hard the workload writes.
     *
     * @param writers concurrent writers
     * @param pause each writer's pause between two operations
     * @param legacyShare one write in this many goes straight into the shared database while the legacy batch is on
     * @param readsPerSecond reads of seeded customers through the proxy
     * @param seededCustomers the monolith's seeded customers (ids 1..n), which the workload reads and never writes
     */
    record Settings(int writers, Duration pause, int legacyShare, int readsPerSecond, int seededCustomers) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int CALLERS = 100;
    private static final Duration REFUSED_BACKOFF = Duration.ofMillis(500);

    /** A customer the workload may still write, with the version and e-mail its last acknowledgement gave. */
    private record Customer(long key, long version, String email) {
    }

    private final URI proxy;
    private final String shopJdbcUrl;
    private final History history;
    private final String run;
    private final Settings settings;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService requests = Executors.newFixedThreadPool(4, daemon("history-http"));
    private final HttpClient http;
    private final List<Thread> writers = new ArrayList<>();
    private final ScheduledExecutorService reads = Executors.newSingleThreadScheduledExecutor(daemon("history-read"));
    private final Map<Long, Customer> idle = new LinkedHashMap<>();
    private final AtomicInteger proxyWritesInFlight = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean legacyBatch;
    private final java.util.concurrent.locks.ReadWriteLock legacyGate =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    CustomerWorkload(URI proxy, String shopJdbcUrl, History history, String run, Settings settings) {
        this.proxy = proxy;
        this.shopJdbcUrl = shopJdbcUrl;
        this.history = history;
        this.run = run;
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(requests)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The e-mail prefix of every customer this run creates. */
    static String identityPrefix(String run) {
        return "h-" + run + "-";
    }

    void start() {
        running = true;
        for (int i = 0; i < settings.writers(); i++) {
            Thread writer = new Thread(this::write, "history-writer-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        reads.scheduleAtFixedRate(this::read, 0, 1_000_000 / settings.readsPerSecond(), TimeUnit.MICROSECONDS);
    }

    /** Turns the legacy batch job on (only while the monolith is the writer of record) or off. */
    void legacyBatch(boolean on) {
        legacyBatch = on;
        // Wait for a legacy write still running: once this returns, none is in flight.
        legacyGate.writeLock().lock();
        legacyGate.writeLock().unlock();
    }

    /** Writes sent through the proxy whose answer has not come yet. */
    int proxyWritesInFlight() {
        return proxyWritesInFlight.get();
    }

    /** Stops writing and waits for every operation in flight to have its outcome recorded. */
    @Override
    public void close() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(REQUEST_TIMEOUT.plusSeconds(20).toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        reads.shutdownNow();
        requests.shutdown();
    }

    private void write() {
        Connection legacy = null;
        try {
            while (running) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Customer customer = random.nextInt(10) < 3 ? null : claim(random);
                boolean remove = customer != null && random.nextInt(5) == 0;
                boolean done = false;
                if (random.nextInt(settings.legacyShare()) == 0) {
                    // Held while a legacy write runs, so that turning the batch off waits for the last one.
                    legacyGate.readLock().lock();
                    try {
                        if (legacyBatch) {
                            legacy = legacy == null ? connect() : legacy;
                            if (legacy != null) {
                                legacy = customer == null ? legacyCreate(legacy)
                                        : remove ? legacyDelete(legacy, customer) : legacyUpdate(legacy, customer);
                                done = true;
                            }
                        }
                    }
                    finally {
                        legacyGate.readLock().unlock();
                    }
                }
                if (!done) {
                    if (customer == null) {
                        create();
                    }
                    else if (remove) {
                        delete(customer);
                    }
                    else {
                        update(customer);
                    }
                }
                pause(settings.pause());
            }
        }
        finally {
            close(legacy);
        }
    }

    private void create() {
        long id = history.invoke();
        String email = identityPrefix(run) + id + "@example.com";
        Instant invoked = Instant.now();
        Answer answer = send("POST", "api/customers", form(id, email, null));
        Long key = null;
        if (answer.outcome() == Outcome.OK && answer.body() != null) {
            key = answer.body().path("id").asLong();
            release(new Customer(key, answer.body().path("version").asLong(), email));
        }
        history.record(new History.Operation(id, Kind.CREATE, key, email, History.tag(id), "proxy", invoked,
                Instant.now(), answer.outcome(), answer.detail()));
    }

    private void update(Customer customer) {
        long id = history.invoke();
        Instant invoked = Instant.now();
        Answer answer = send("PUT", "api/customers/" + customer.key(), form(id, customer.email(), customer.version()));
        history.record(new History.Operation(id, Kind.UPDATE, customer.key(), null, History.tag(id), "proxy",
                invoked, Instant.now(), answer.outcome(), answer.detail()));
        switch (answer.outcome()) {
            case OK -> release(new Customer(customer.key(), answer.body() == null ? customer.version()
                    : answer.body().path("version").asLong(), customer.email()));
            case FAILED -> release(customer);
            case INDETERMINATE -> { } // never written again: its allowed states stay exact
        }
    }

    private void delete(Customer customer) {
        long id = history.invoke();
        Instant invoked = Instant.now();
        Answer answer = send("DELETE", "api/customers/" + customer.key(), null);
        history.record(new History.Operation(id, Kind.DELETE, customer.key(), null, null, "proxy", invoked,
                Instant.now(), answer.outcome(), answer.detail()));
        if (answer.outcome() == Outcome.FAILED) {
            release(customer);
        }
    }

    private @Nullable Connection legacyCreate(Connection legacy) {
        long id = history.invoke();
        String email = identityPrefix(run) + id + "@example.com";
        Instant invoked = Instant.now();
        try (PreparedStatement insert = legacy.prepareStatement("INSERT INTO customers (first_name, last_name, email, "
                + "city, country) VALUES ('History', ?, ?, ?, 'DE') RETURNING id, version")) {
            insert.setString(1, History.tag(id));
            insert.setString(2, email);
            insert.setString(3, History.tag(id));
            try (ResultSet created = insert.executeQuery()) {
                created.next();
                long key = created.getLong(1);
                history.record(new History.Operation(id, Kind.CREATE, key, email, History.tag(id), "legacy-batch",
                        invoked, Instant.now(), Outcome.OK, "inserted"));
                release(new Customer(key, created.getLong(2), email));
                return legacy;
            }
        }
        catch (SQLException ex) {
            return failed(legacy, new History.Operation(id, Kind.CREATE, null, email, History.tag(id),
                    "legacy-batch", invoked, Instant.now(), outcome(ex), String.valueOf(ex.getMessage())));
        }
    }

    private @Nullable Connection legacyUpdate(Connection legacy, Customer customer) {
        long id = history.invoke();
        Instant invoked = Instant.now();
        try (PreparedStatement update = legacy.prepareStatement("UPDATE customers SET last_name = ?, city = ?, "
                + "version = version + 1, updated_at = now() WHERE id = ? RETURNING version")) {
            update.setString(1, History.tag(id));
            update.setString(2, History.tag(id));
            update.setLong(3, customer.key());
            try (ResultSet updated = update.executeQuery()) {
                boolean found = updated.next();
                history.record(new History.Operation(id, Kind.UPDATE, customer.key(), null, History.tag(id),
                        "legacy-batch", invoked, Instant.now(), found ? Outcome.OK : Outcome.FAILED,
                        found ? "updated" : "no such row"));
                release(found ? new Customer(customer.key(), updated.getLong(1), customer.email()) : customer);
                return legacy;
            }
        }
        catch (SQLException ex) {
            Outcome outcome = outcome(ex);
            if (outcome == Outcome.FAILED) {
                release(customer);
            }
            return failed(legacy, new History.Operation(id, Kind.UPDATE, customer.key(), null, History.tag(id),
                    "legacy-batch", invoked, Instant.now(), outcome, String.valueOf(ex.getMessage())));
        }
    }

    private @Nullable Connection legacyDelete(Connection legacy, Customer customer) {
        long id = history.invoke();
        Instant invoked = Instant.now();
        try (PreparedStatement delete = legacy.prepareStatement("DELETE FROM customers WHERE id = ?")) {
            delete.setLong(1, customer.key());
            boolean found = delete.executeUpdate() == 1;
            history.record(new History.Operation(id, Kind.DELETE, customer.key(), null, null, "legacy-batch", invoked,
                    Instant.now(), found ? Outcome.OK : Outcome.FAILED, found ? "deleted" : "no such row"));
            if (!found) {
                release(customer);
            }
            return legacy;
        }
        catch (SQLException ex) {
            Outcome outcome = outcome(ex);
            if (outcome == Outcome.FAILED) {
                release(customer);
            }
            return failed(legacy, new History.Operation(id, Kind.DELETE, customer.key(), null, null, "legacy-batch",
                    invoked, Instant.now(), outcome, String.valueOf(ex.getMessage())));
        }
    }

    /** Records a failed legacy write; a broken connection is dropped, to be opened afresh by the next one. */
    private @Nullable Connection failed(Connection legacy, History.Operation operation) {
        history.record(operation);
        if (operation.outcome() == Outcome.INDETERMINATE) {
            close(legacy);
            return null;
        }
        return legacy;
    }

    /**
     * An error the server answered (a constraint, a conflict) means the statement was rolled back: it failed. A lost
     * connection ({@code 08xxx}) or no SQL state at all leaves the commit unknown.
     */
    private static Outcome outcome(SQLException ex) {
        String state = ex.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57") ? Outcome.INDETERMINATE
                : Outcome.FAILED;
    }

    private record Answer(Outcome outcome, @Nullable JsonNode body, String detail) {
    }

    private Answer send(String method, String path, @Nullable Map<String, Object> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("X-User-Id", "history-writer");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        proxyWritesInFlight.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            String detail = "status " + status + response.headers().firstValue("X-Strangler-Target")
                    .map(target -> " from " + target).orElse("");
            if (status >= 200 && status < 300) {
                return new Answer(Outcome.OK, response.body().isBlank() ? null : json.readTree(response.body()),
                        detail);
            }
            // A refusal (4xx) is definitely not applied, nor is a write the proxy held across a sync switch (it
            // called no backend); any other server error may have been, part way or whole.
            return new Answer(status < 500 || held(response) ? Outcome.FAILED : Outcome.INDETERMINATE, null,
                    detail + title(response));
        }
        catch (ConnectException ex) {
            // The proxy is down (killed, restarting): back off rather than fill the history with refusals.
            pause(REFUSED_BACKOFF);
            return new Answer(Outcome.FAILED, null, "connection refused");
        }
        catch (IOException ex) {
            return new Answer(Outcome.INDETERMINATE, null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.INDETERMINATE, null, "interrupted");
        }
        finally {
            proxyWritesInFlight.decrementAndGet();
        }
    }

    /** Whether the proxy held the write (a rule on HOLD while the sync switches direction): no backend saw it. */
    private boolean held(HttpResponse<String> response) {
        try {
            return response.statusCode() == 503 && json.readTree(response.body()).path("held").asBoolean(false);
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    /** The problem's title, when the answer is a problem+json. */
    private String title(HttpResponse<String> response) {
        try {
            String title = json.readTree(response.body()).path("title").asString();
            return title.isEmpty() ? "" : " (" + title + ")";
        }
        catch (RuntimeException ex) {
            return "";
        }
    }

    private static Map<String, Object> form(long id, String email, @Nullable Long version) {
        Map<String, Object> form = new HashMap<>();
        form.put("firstName", "History");
        form.put("lastName", History.tag(id));
        form.put("email", email);
        form.put("address", Map.of("city", History.tag(id), "country", "DE"));
        if (version != null) {
            form.put("version", version);
        }
        return form;
    }

    private void read() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HttpRequest request = HttpRequest.newBuilder(proxy.resolve("api/customers/"
                + (1 + random.nextInt(settings.seededCustomers())))).timeout(REQUEST_TIMEOUT)
                .header("X-User-Id", "caller-" + random.nextInt(CALLERS)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }

    private synchronized @Nullable Customer claim(ThreadLocalRandom random) {
        if (idle.size() < 5) {
            return null;
        }
        Long key = new ArrayList<>(idle.keySet()).get(random.nextInt(idle.size()));
        return idle.remove(key);
    }

    private synchronized void release(Customer customer) {
        idle.put(customer.key(), customer);
    }

    private @Nullable Connection connect() {
        try {
            Connection connection = DriverManager.getConnection(shopJdbcUrl, "postgres", "");
            connection.setAutoCommit(true);
            return connection;
        }
        catch (SQLException ex) {
            return null; // the next legacy write tries again; meanwhile the proxy takes the writes
        }
    }

    private static void close(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ex) {
                // closing a broken connection: nothing to keep
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads that never keep the JVM up: the load ends with the run, also when it fails. */
    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
