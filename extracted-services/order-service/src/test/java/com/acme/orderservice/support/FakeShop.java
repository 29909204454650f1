package com.acme.orderservice.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server (JDK {@code HttpServer}, random port) that answers the monolith's stock and payment endpoints
 * and customer-service's {@code GET /api/customers/{id}} the way the real ones do (same statuses, bodies and
 * problem documents, idempotent on reservation id and payment reference), with failures that tests switch on.
 * The real monolith cannot run on order-service's class path; this keeps the tests honest about HTTP.
 */
public final class FakeShop implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.shared();
    private static final AtomicLong skus = new AtomicLong();

    /** An endpoint whose next calls can be made to fail. */
    public enum Endpoint { CUSTOMER, RESERVE, RELEASE, CHARGE, LIST_PAYMENTS, REFUND, REFUND_BY_REFERENCE }

    /**
     * A charge held on its way into the shop, to order a race: {@link #arrived} once the shop has it, then it waits
     * for {@link #release} (the caller may have given up meanwhile), then it is taken as usual and {@link #answered}.
     */
    public static final class HeldCharge {

        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch answered = new CountDownLatch(1);

        public boolean arrived() {
            return arrived.getCount() == 0;
        }

        public void release() {
            released.countDown();
        }

        public boolean answered() {
            return answered.getCount() == 0;
        }
    }

    record Product(String name, long priceCents, AtomicInteger stock) {
    }

    record Reservation(String sku, int quantity, boolean released) {
    }

    /** A payment as the monolith lists it. */
    public record Payment(long id, String reference, long orderId, long amountCents, String status) {
    }

    private final HttpServer server;
    private final Map<Long, String[]> customers = new ConcurrentHashMap<>();
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Map<UUID, Reservation> reservations = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> reservationsMade = new ConcurrentHashMap<>();
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final AtomicLong paymentIds = new AtomicLong();
    private final Map<Endpoint, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Set<Endpoint> down = ConcurrentHashMap.newKeySet();
    private final Set<String> skusFailing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger chargeAnswersToLose = new AtomicInteger();
    private final Set<String> refundedBeforeCharge = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> chargesReceived = new ConcurrentHashMap<>();
    private final AtomicReference<HeldCharge> nextChargeHeld = new AtomicReference<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    public FakeShop() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/", this::handle);
        // A thread per request, like the real shop: a held request must not hold up the others.
        server.setExecutor(handlers);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        HeldCharge held = nextChargeHeld.getAndSet(null);
        if (held != null) {
            held.release();
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    // ---- test data and switches ----------------------------------------------------------------------------

    public long addCustomer(String firstName, String lastName) {
        long id = 1_000 + customers.size() + skus.incrementAndGet();
        customers.put(id, new String[] {firstName, lastName});
        return id;
    }

    public String addProduct(String name, long priceCents, int stock) {
        String sku = "FAKE-" + skus.incrementAndGet();
        products.put(sku, new Product(name, priceCents, new AtomicInteger(stock)));
        return sku;
    }

    public int stockOf(String sku) {
        return products.get(sku).stock().get();
    }

    /** The next {@code times} calls to {@code endpoint} answer 503 without doing anything. */
    public void failNext(Endpoint endpoint, int times) {
        failures.computeIfAbsent(endpoint, key -> new AtomicInteger()).set(times);
    }

    /** Every call to {@code endpoint} answers 503 until {@link #recover}. */
    public void takeDown(Endpoint endpoint) {
        down.add(endpoint);
    }

    public void recover(Endpoint endpoint) {
        down.remove(endpoint);
        if (endpoint == Endpoint.RESERVE) {
            skusFailing.clear();
        }
    }

    /** The next {@code times} charges are taken (once per reference), but their answers are lost: 503. */
    public void loseChargeAnswers(int times) {
        chargeAnswersToLose.set(times);
    }

    /** Holds the next charge on its way in until the test releases it; see {@link HeldCharge}. */
    public HeldCharge holdNextCharge() {
        HeldCharge held = new HeldCharge();
        nextChargeHeld.set(held);
        return held;
    }

    /** How many charge requests arrived under this reference, repeats and failed ones included. */
    public int chargesReceived(String reference) {
        AtomicInteger count = chargesReceived.get(reference);
        return count == null ? 0 : count.get();
    }

    /** Reservations of this product answer 503 until {@link #recover}; other products are unaffected. */
    public void failReserving(String sku) {
        skusFailing.add(sku);
    }

    /** How often each reservation was actually made (a repeat of the same id does not count). */
    public Map<UUID, Integer> reservationsMade() {
        Map<UUID, Integer> made = new ConcurrentHashMap<>();
        reservationsMade.forEach((id, count) -> made.put(id, count.get()));
        return made;
    }

    public List<Payment> paymentsFor(long orderId) {
        return payments.values().stream().filter(payment -> payment.orderId() == orderId).toList();
    }

    public boolean isHeld(UUID reservationId) {
        Reservation reservation = reservations.get(reservationId);
        return reservation != null && !reservation.released();
    }

    // ---- the endpoints ------------------------------------------------------------------------------------

    private static final Pattern CUSTOMER = Pattern.compile("/api/customers/(\\d+)");
    private static final Pattern RESERVATIONS = Pattern.compile("/api/products/([^/]+)/reservations");
    private static final Pattern RESERVATION = Pattern.compile("/api/products/([^/]+)/reservations/([^/]+)");
    private static final Pattern REFUND = Pattern.compile("/api/payments/(\\d+)/refund");
    private static final Pattern REFUND_BY_REFERENCE = Pattern.compile("/api/payments/by-reference/([^/]+)/refund");

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Matcher m;
            if ("GET".equals(method) && (m = CUSTOMER.matcher(path)).matches()) {
                if (!failing(Endpoint.CUSTOMER, exchange)) {
                    customer(exchange, Long.parseLong(m.group(1)));
                }
            }
            else if ("POST".equals(method) && (m = RESERVATIONS.matcher(path)).matches()) {
                if (skusFailing.contains(m.group(1))) {
                    problem(exchange, 503, "Service Unavailable", "Injected failure");
                }
                else if (!failing(Endpoint.RESERVE, exchange)) {
                    reserve(exchange, m.group(1), json.readTree(exchange.getRequestBody()));
                }
            }
            else if ("DELETE".equals(method) && (m = RESERVATION.matcher(path)).matches()) {
                if (!failing(Endpoint.RELEASE, exchange)) {
                    release(exchange, m.group(1), UUID.fromString(m.group(2)));
                }
            }
            else if ("POST".equals(method) && "/api/payments".equals(path)) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                chargesReceived.computeIfAbsent(body.path("reference").asString(), key -> new AtomicInteger())
                        .incrementAndGet();
                HeldCharge held = nextChargeHeld.getAndSet(null);
                if (held != null) {
                    // Already inside the shop: no injected failure stops it, only the wait.
                    held.arrived.countDown();
                    awaitRelease(held);
                    try {
                        charge(exchange, body);
                    }
                    finally {
                        held.answered.countDown();
                    }
                }
                else if (!failing(Endpoint.CHARGE, exchange)) {
                    charge(exchange, body);
                }
            }
            else if ("GET".equals(method) && "/api/payments".equals(path)) {
                if (!failing(Endpoint.LIST_PAYMENTS, exchange)) {
                    long orderId = Long.parseLong(exchange.getRequestURI().getQuery().replaceAll(".*orderId=(\\d+).*",
                            "$1"));
                    List<Payment> items = new ArrayList<>(paymentsFor(orderId));
                    answer(exchange, 200, Map.of("items", items, "page", 0, "size", 200, "totalItems", items.size(),
                            "totalPages", 1));
                }
            }
            else if ("POST".equals(method) && (m = REFUND_BY_REFERENCE.matcher(path)).matches()) {
                if (!failing(Endpoint.REFUND_BY_REFERENCE, exchange)) {
                    refundByReference(exchange, m.group(1));
                }
            }
            else if ("POST".equals(method) && (m = REFUND.matcher(path)).matches()) {
                if (!failing(Endpoint.REFUND, exchange)) {
                    refund(exchange, Long.parseLong(m.group(1)));
                }
            }
            else {
                problem(exchange, 404, "Not Found", "No endpoint " + method + " " + path);
            }
        }
    }

    private boolean failing(Endpoint endpoint, HttpExchange exchange) throws IOException {
        AtomicInteger remaining = failures.get(endpoint);
        if (down.contains(endpoint) || (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
            problem(exchange, 503, "Service Unavailable", "Injected failure");
            return true;
        }
        return false;
    }

    private void customer(HttpExchange exchange, long id) throws IOException {
        String[] name = customers.get(id);
        if (name == null) {
            problem(exchange, 404, "Not found", "Customer " + id + " does not exist");
            return;
        }
        answer(exchange, 200, Map.of("id", id, "firstName", name[0], "lastName", name[1],
                "email", "c" + id + "@example.org", "version", 0));
    }

    private synchronized void reserve(HttpExchange exchange, String sku, JsonNode body) throws IOException {
        Product product = products.get(sku);
        if (product == null) {
            problem(exchange, 404, "Not found", "Product " + sku + " does not exist");
            return;
        }
        UUID id = UUID.fromString(body.path("reservationId").asString());
        int quantity = body.path("quantity").asInt();
        Reservation earlier = reservations.get(id);
        if (earlier != null) {
            if (earlier.released()) {
                problem(exchange, 409, "Conflict", "Reservation " + id + " was released");
                return;
            }
            answer(exchange, 200, held(id, sku, product, quantity));
            return;
        }
        if (product.stock().get() < quantity) {
            problem(exchange, 409, "Conflict", "Not enough stock of " + sku + ": " + quantity + " wanted, "
                    + product.stock().get() + " available");
            return;
        }
        product.stock().addAndGet(-quantity);
        reservations.put(id, new Reservation(sku, quantity, false));
        reservationsMade.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        answer(exchange, 201, held(id, sku, product, quantity));
    }

    private static Map<String, Object> held(UUID id, String sku, Product product, int quantity) {
        return Map.of("reservationId", id, "sku", sku, "productName", product.name(), "quantity", quantity,
                "unitPriceCents", product.priceCents());
    }

    private synchronized void release(HttpExchange exchange, String sku, UUID id) throws IOException {
        if (!products.containsKey(sku)) {
            problem(exchange, 404, "Not found", "Product " + sku + " does not exist");
            return;
        }
        Reservation reservation = reservations.get(id);
        if (reservation != null && !reservation.released()) {
            reservations.put(id, new Reservation(reservation.sku(), reservation.quantity(), true));
            products.get(reservation.sku()).stock().addAndGet(reservation.quantity());
        }
        answer(exchange, 204, null);
    }

    private synchronized void charge(HttpExchange exchange, JsonNode body) throws IOException {
        String reference = body.path("reference").asString();
        Payment payment = payments.get(reference);
        int status = 200;
        if (payment != null && (payment.orderId() != body.path("orderId").asLong()
                || payment.amountCents() != body.path("amountCents").asLong())) {
            problem(exchange, 409, "Conflict", "Reference " + reference + " was used for another charge");
            return;
        }
        if (payment == null && refundedBeforeCharge.contains(reference)) {
            problem(exchange, 409, "Conflict", "Reference " + reference + " was refunded before it was charged; the "
                    + "charge is refused and no money was taken");
            return;
        }
        if (payment == null) {
            String token = body.path("cardToken").isNull() ? null : body.path("cardToken").asString(null);
            if ("CARD".equals(body.path("method").asString())) {
                if (token == null || token.isBlank()) {
                    Map<String, Object> problem = problemBody(400, "Invalid request",
                            "The request has invalid fields: cardToken");
                    problem.put("errors", List.of(Map.of("field", "cardToken", "reason",
                            "is required for card payments")));
                    answer(exchange, 400, problem, "application/problem+json");
                    return;
                }
                if ("tok_declined".equals(token)) {
                    problem(exchange, 402, "Payment declined", "The card was declined");
                    return;
                }
            }
            payment = new Payment(paymentIds.incrementAndGet(), reference, body.path("orderId").asLong(),
                    body.path("amountCents").asLong(), "CAPTURED");
            payments.put(reference, payment);
            status = 201;
        }
        if (chargeAnswersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            problem(exchange, 503, "Service Unavailable", "Answer lost after the charge was taken");
            return;
        }
        answer(exchange, status, payment);
    }

    private synchronized void refund(HttpExchange exchange, long id) throws IOException {
        Payment payment = payments.values().stream().filter(p -> p.id() == id).findFirst().orElse(null);
        if (payment == null) {
            problem(exchange, 404, "Not found", "Payment " + id + " does not exist");
            return;
        }
        Payment refunded = new Payment(payment.id(), payment.reference(), payment.orderId(), payment.amountCents(),
                "REFUNDED");
        payments.put(payment.reference(), refunded);
        answer(exchange, 200, refunded);
    }

    /** Like the shop: refunds the payment under the reference, or remembers the reference if none is there yet. */
    private synchronized void refundByReference(HttpExchange exchange, String reference) throws IOException {
        Payment payment = payments.get(reference);
        if (payment == null) {
            refundedBeforeCharge.add(reference);
            Map<String, Object> refund = new java.util.LinkedHashMap<>();
            refund.put("reference", reference);
            refund.put("status", "REFUNDED_BEFORE_CHARGE");
            refund.put("paymentId", null);
            answer(exchange, 200, refund);
            return;
        }
        Payment refunded = new Payment(payment.id(), payment.reference(), payment.orderId(), payment.amountCents(),
                "REFUNDED");
        payments.put(reference, refunded);
        answer(exchange, 200, Map.of("reference", reference, "status", "REFUNDED", "paymentId", payment.id()));
    }

    private static void awaitRelease(HeldCharge held) {
        try {
            if (!held.released.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("A held charge was never released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> problemBody(int status, String title, String detail) {
        Map<String, Object> problem = new java.util.LinkedHashMap<>();
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        answer(exchange, status, problemBody(status, title, detail), "application/problem+json");
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        answer(exchange, status, body, "application/json");
    }

    private static void answer(HttpExchange exchange, int status, Object body, String contentType) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
