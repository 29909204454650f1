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
 * Random creates, updates and deletes of customers and orders, through the proxy and, while
 * {@link #legacyBatch(boolean)} is on, straight into the monolith's tables as a legacy batch job would; every
 * operation is recorded in a {@link History} from invocation to outcome.
 *
 * <p>Customers: every value written is the operation's tag (last name and city), every created customer's e-mail
 * carries the run and the operation id. Orders: the API places and cancels them (the monolith in one transaction,
 * order-service as a saga over the monolith's stock and payments); the legacy batch inserts paid orders, corrects
 * their totals and deletes them. All are orders of one customer of the run ({@link #prepareOrders()}) for one
 * product of its own with stock enough for the whole run; the quantities of an order's two lines encode the id of
 * the operation that created it ({@link OrderState#quantities(long)}), and each operation's value is the whole
 * order the writer acknowledged ({@link OrderState}), or, when left in doubt, the order it would have left.
 *
 * <p>Operations on one row are sequential: a writer claims the customer or order for the length of one operation,
 * and one whose last operation is indeterminate (or deleted) is never written again. Reads of the seeded customers
 * and orders by a spread of callers feed the plans' traffic gates (shadow comparisons, canary share) without
 * differing between the two sides.
 */
final class ShopWorkload implements AutoCloseable {

    /**
     * How hard the workload writes.
     *
     * @param writers concurrent writers
     * @param pause each writer's pause between two operations
     * @param legacyShare one write in this many goes straight into the shared database while the legacy batch is on
     * @param readsPerSecond reads of seeded customers through the proxy
     * @param seededCustomers the monolith's seeded customers (ids 1..n), which the workload reads and never writes
     * @param orderShare one write in this many is an order's (0: none)
     * @param seededOrders the monolith's seeded orders (ids 1..n), read and never written
     */
    record Settings(int writers, Duration pause, int legacyShare, int readsPerSecond, int seededCustomers,
            int orderShare, int seededOrders) {
    }

    /** The name of the run's order customer, as orders show it. */
    static final String ORDER_CUSTOMER_FIRST_NAME = "History";
    static final String ORDER_CUSTOMER_LAST_NAME = "Orders";
    private static final String PRODUCT_NAME = "History product";
    private static final long PRODUCT_PRICE_CENTS = 100;
    private static final String CURRENCY = "EUR";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int CALLERS = 100;
    private static final Duration REFUSED_BACKOFF = Duration.ofMillis(500);

    /** A customer the workload may still write, with the version and e-mail its last acknowledgement gave. */
    private record Customer(long key, long version, String email) {
    }

    /** An order the workload may still write, as its last acknowledgement left it. */
    private record Order(long key, OrderState state) {
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
    private final Map<Long, Order> idleOrders = new LinkedHashMap<>();
    private final Map<History.Entity, AtomicInteger> proxyWritesInFlight = Map.of(History.Entity.CUSTOMER,
            new AtomicInteger(), History.Entity.ORDER, new AtomicInteger());
    private volatile long orderCustomer = -1;
    private volatile boolean running;
    private volatile boolean legacyBatch;
    private final java.util.concurrent.locks.ReadWriteLock legacyGate =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    ShopWorkload(URI proxy, String shopJdbcUrl, History history, String run, Settings settings) {
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

    /** The e-mail of the customer whose orders the run writes (not under {@link #identityPrefix(String)}). */
    static String orderCustomerEmail(String run) {
        return "ho-" + run + "@example.com";
    }

    /** The sku of the run's own product. */
    static String productSku(String run) {
        return ("H-" + run).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Inserts, straight into the shared database, the run's order customer (carried to customer-service by the
     * customers pipeline, where order-service looks it up) and its product (stock for every order of the run).
     * Returns the customer's id.
     */
    long prepareOrders() {
        try (Connection shop = DriverManager.getConnection(shopJdbcUrl, "postgres", "");
                PreparedStatement product = shop.prepareStatement("INSERT INTO products (sku, name, price_cents, "
                        + "stock) VALUES (?, ?, ?, 2000000000)");
                PreparedStatement customer = shop.prepareStatement("INSERT INTO customers (first_name, last_name, "
                        + "email, city, country) VALUES (?, ?, ?, 'Berlin', 'DE') RETURNING id")) {
            product.setString(1, productSku(run));
            product.setString(2, PRODUCT_NAME);
            product.setLong(3, PRODUCT_PRICE_CENTS);
            product.executeUpdate();
            customer.setString(1, ORDER_CUSTOMER_FIRST_NAME);
            customer.setString(2, ORDER_CUSTOMER_LAST_NAME);
            customer.setString(3, orderCustomerEmail(run));
            try (ResultSet created = customer.executeQuery()) {
                created.next();
                orderCustomer = created.getLong(1);
                return orderCustomer;
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not prepare the run's order customer and product: "
                    + ex.getMessage(), ex);
        }
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
        return proxyWritesInFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Writes of customers, or of orders, sent through the proxy whose answer has not come yet. */
    int proxyWritesInFlight(History.Entity entity) {
        return proxyWritesInFlight.get(entity).get();
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
                if (orderCustomer > 0 && settings.orderShare() > 0 && random.nextInt(settings.orderShare()) == 0) {
                    legacy = writeOrder(random, legacy);
                    pause(settings.pause());
                    continue;
                }
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
                                        : remove ? legacyDelete(legacy, History.Entity.CUSTOMER, "customers",
                                        customer.key(), () -> release(customer)) : legacyUpdate(legacy, customer);
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
        Answer answer = send(History.Entity.CUSTOMER, "POST", "api/customers", form(id, email, null));
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
        Answer answer = send(History.Entity.CUSTOMER, "PUT", "api/customers/" + customer.key(),
                form(id, customer.email(), customer.version()));
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
        Answer answer = send(History.Entity.CUSTOMER, "DELETE", "api/customers/" + customer.key(), null);
        history.record(new History.Operation(id, Kind.DELETE, customer.key(), null, null, "proxy", invoked,
                Instant.now(), answer.outcome(), answer.detail()));
        if (answer.outcome() == Outcome.FAILED) {
            release(customer);
        }
    }

    /**
     * One write of an order: placed or cancelled through the proxy, or, while the legacy batch is on, inserted,
     * corrected or deleted straight in the shared database. Returns the legacy connection to keep (null once broken).
     */
    private @Nullable Connection writeOrder(ThreadLocalRandom random, @Nullable Connection legacy) {
        Order claimed = random.nextInt(10) < 3 ? null : claimOrder(random);
        Order order = claimed;
        if (random.nextInt(settings.legacyShare()) == 0) {
            legacyGate.readLock().lock();
            try {
                Connection connection = legacyBatch ? (legacy == null ? connect() : legacy) : null;
                if (connection != null) {
                    return order == null ? legacyPlace(connection) : random.nextInt(5) == 0
                            ? legacyDelete(connection, History.Entity.ORDER, "orders", order.key(),
                                    () -> releaseOrder(claimed))
                            : legacyCorrect(connection, order);
                }
            }
            finally {
                legacyGate.readLock().unlock();
            }
        }
        if (order != null && !order.state().status().equals("PAID")) {
            releaseOrder(order); // the API only cancels a paid order
            order = null;
        }
        if (order == null) {
            // Declined cards on either side: an order that order-service rejects stays in its database with its
            // priced lines (never carried back, the lines follow their order), and after a rollback from cutover the
            // verifier counts them as the service's own rows, not as extra.
            place(random.nextInt(20) == 0);
        }
        else {
            cancel(order);
        }
        return legacy;
    }

    /** Places an order through the proxy; now and then with a card the shop declines (definitely not placed). */
    private void place(boolean declined) {
        long id = history.invoke();
        int[] quantities = OrderState.quantities(id);
        OrderState expected = placed(quantities);
        Instant invoked = Instant.now();
        Map<String, Object> form = Map.of("customerId", orderCustomer, "lines", List.of(
                Map.of("sku", productSku(run), "quantity", quantities[0]),
                Map.of("sku", productSku(run), "quantity", quantities[1])),
                "payment", Map.of("method", "CARD", "cardToken", declined ? "tok_declined" : "tok_history"));
        Answer answer = send(History.Entity.ORDER, "POST", "api/orders", form);
        Long key = null;
        OrderState acknowledged = expected;
        if (answer.outcome() == Outcome.OK && answer.body() != null) {
            key = answer.body().path("id").asLong();
            acknowledged = orderOf(answer.body());
            releaseOrder(new Order(key, acknowledged));
        }
        history.record(new History.Operation(id, Kind.CREATE, key, OrderState.identity(id), acknowledged.toString(),
                "proxy", invoked, Instant.now(), answer.outcome(), answer.detail(), History.Entity.ORDER));
    }

    /** Cancels a paid order through the proxy: stock released, payment refunded. */
    private void cancel(Order order) {
        long id = history.invoke();
        Instant invoked = Instant.now();
        Answer answer = send(History.Entity.ORDER, "POST", "api/orders/" + order.key() + "/cancel", null);
        OrderState acknowledged = answer.outcome() == Outcome.OK && answer.body() != null ? orderOf(answer.body())
                : order.state().withStatus("CANCELLED");
        history.record(new History.Operation(id, Kind.UPDATE, order.key(), null, acknowledged.toString(), "proxy",
                invoked, Instant.now(), answer.outcome(), answer.detail(), History.Entity.ORDER));
        switch (answer.outcome()) {
            case OK -> releaseOrder(new Order(order.key(), acknowledged));
            case FAILED -> releaseOrder(order);
            case INDETERMINATE -> { } // never written again: its allowed states stay exact
        }
    }

    /** A legacy import: a paid order with two lines, in one transaction, without stock or payment. */
    private @Nullable Connection legacyPlace(Connection legacy) {
        long id = history.invoke();
        int[] quantities = OrderState.quantities(id);
        OrderState state = placed(quantities);
        Instant invoked = Instant.now();
        try (PreparedStatement order = legacy.prepareStatement("INSERT INTO orders (customer_id, status, total_cents, "
                + "currency) VALUES (?, 'PAID', ?, ?) RETURNING id");
                PreparedStatement line = legacy.prepareStatement("INSERT INTO order_lines (order_id, line_no, sku, "
                        + "product_name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)")) {
            legacy.setAutoCommit(false);
            order.setLong(1, orderCustomer);
            order.setLong(2, state.totalCents());
            order.setString(3, CURRENCY);
            long key;
            try (ResultSet created = order.executeQuery()) {
                created.next();
                key = created.getLong(1);
            }
            for (OrderState.Line each : state.lines()) {
                line.setLong(1, key);
                line.setInt(2, each.lineNo());
                line.setString(3, each.sku());
                line.setString(4, each.productName());
                line.setInt(5, each.quantity());
                line.setLong(6, PRODUCT_PRICE_CENTS);
                line.addBatch();
            }
            line.executeBatch();
            legacy.commit();
            history.record(new History.Operation(id, Kind.CREATE, key, OrderState.identity(id), state.toString(),
                    "legacy-batch", invoked, Instant.now(), Outcome.OK, "inserted", History.Entity.ORDER));
            releaseOrder(new Order(key, state));
            return legacy;
        }
        catch (SQLException ex) {
            return failed(legacy, new History.Operation(id, Kind.CREATE, null, OrderState.identity(id),
                    state.toString(), "legacy-batch", invoked, Instant.now(), outcome(ex),
                    String.valueOf(ex.getMessage()), History.Entity.ORDER));
        }
        finally {
            autoCommit(legacy);
        }
    }

    /** A legacy correction: the order's total set to a figure that carries the operation's id. */
    private @Nullable Connection legacyCorrect(Connection legacy, Order order) {
        long id = history.invoke();
        OrderState corrected = order.state().withTotal(id);
        Instant invoked = Instant.now();
        try (PreparedStatement update = legacy.prepareStatement("UPDATE orders SET total_cents = ?, "
                + "version = version + 1, updated_at = now() WHERE id = ?")) {
            update.setLong(1, id);
            update.setLong(2, order.key());
            boolean found = update.executeUpdate() == 1;
            history.record(new History.Operation(id, Kind.UPDATE, order.key(), null, corrected.toString(),
                    "legacy-batch", invoked, Instant.now(), found ? Outcome.OK : Outcome.FAILED,
                    found ? "updated" : "no such row", History.Entity.ORDER));
            releaseOrder(found ? new Order(order.key(), corrected) : order);
            return legacy;
        }
        catch (SQLException ex) {
            Outcome outcome = outcome(ex);
            if (outcome == Outcome.FAILED) {
                releaseOrder(order);
            }
            return failed(legacy, new History.Operation(id, Kind.UPDATE, order.key(), null, corrected.toString(),
                    "legacy-batch", invoked, Instant.now(), outcome, String.valueOf(ex.getMessage()),
                    History.Entity.ORDER));
        }
    }

    /** The order a placement of these quantities leaves: paid, priced from the run's product. */
    private OrderState placed(int[] quantities) {
        List<OrderState.Line> lines = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < quantities.length; i++) {
            lines.add(new OrderState.Line(i + 1, productSku(run), PRODUCT_NAME, quantities[i], PRODUCT_PRICE_CENTS));
            total += quantities[i] * PRODUCT_PRICE_CENTS;
        }
        return new OrderState("PAID", total, CURRENCY, orderCustomer, ORDER_CUSTOMER_FIRST_NAME + " "
                + ORDER_CUSTOMER_LAST_NAME, lines);
    }

    /** The order an answer of the API shows. */
    private static OrderState orderOf(JsonNode body) {
        List<OrderState.Line> lines = new ArrayList<>();
        for (JsonNode line : body.path("lines")) {
            lines.add(new OrderState.Line(line.path("lineNo").asInt(), line.path("sku").asString(),
                    line.path("productName").asString(), line.path("quantity").asInt(),
                    line.path("unitPriceCents").asLong()));
        }
        return new OrderState(body.path("status").asString(), body.path("totalCents").asLong(),
                body.path("currency").asString(), body.path("customerId").asLong(),
                body.path("customerName").asString(), lines);
    }

    /** Back to auto-commit after a legacy transaction, rolling back whatever a failure left open. */
    private static void autoCommit(Connection legacy) {
        try {
            if (!legacy.isClosed() && !legacy.getAutoCommit()) {
                legacy.rollback();
                legacy.setAutoCommit(true);
            }
        }
        catch (SQLException ex) {
            // a broken connection: dropped by the caller
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

    /**
     * A legacy purge of one row by its id (an order's lines go with it, by the foreign key's cascade); {@code kept}
     * gives the row back to the writers when it was definitely not deleted.
     */
    private @Nullable Connection legacyDelete(Connection legacy, History.Entity entity, String table, long key,
            Runnable kept) {
        long id = history.invoke();
        Instant invoked = Instant.now();
        try (PreparedStatement delete = legacy.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            delete.setLong(1, key);
            boolean found = delete.executeUpdate() == 1;
            history.record(new History.Operation(id, Kind.DELETE, key, null, null, "legacy-batch", invoked,
                    Instant.now(), found ? Outcome.OK : Outcome.FAILED, found ? "deleted" : "no such row", entity));
            if (!found) {
                kept.run();
            }
            return legacy;
        }
        catch (SQLException ex) {
            Outcome outcome = outcome(ex);
            if (outcome == Outcome.FAILED) {
                kept.run();
            }
            return failed(legacy, new History.Operation(id, Kind.DELETE, key, null, null, "legacy-batch", invoked,
                    Instant.now(), outcome, String.valueOf(ex.getMessage()), entity));
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

    private Answer send(History.Entity entity, String method, String path, @Nullable Map<String, Object> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("X-User-Id", "history-writer");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        AtomicInteger inFlight = proxyWritesInFlight.get(entity);
        inFlight.incrementAndGet();
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
            inFlight.decrementAndGet();
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
        String path = settings.seededOrders() > 0 && random.nextBoolean()
                ? "api/orders/" + (1 + random.nextInt(settings.seededOrders()))
                : "api/customers/" + (1 + random.nextInt(settings.seededCustomers()));
        HttpRequest request = HttpRequest.newBuilder(proxy.resolve(path)).timeout(REQUEST_TIMEOUT)
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

    private synchronized @Nullable Order claimOrder(ThreadLocalRandom random) {
        if (idleOrders.size() < 5) {
            return null;
        }
        Long key = new ArrayList<>(idleOrders.keySet()).get(random.nextInt(idleOrders.size()));
        return idleOrders.remove(key);
    }

    private synchronized void releaseOrder(Order order) {
        idleOrders.put(order.key(), order);
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
