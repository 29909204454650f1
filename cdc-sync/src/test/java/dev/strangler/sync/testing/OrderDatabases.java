package dev.strangler.sync.testing;

import dev.strangler.sync.mapping.PipelineDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh shared database built by the monolith's own Flyway migrations and a fresh order-service database built by
 * order-service's, and the shipped {@code orders} pipeline pointed at them. Drops the slots it caused when closed.
 */
public final class OrderDatabases extends PipelineDatabases {

    /** Legacy orders with their lines as one comparable row each (the surrogate line id left out). */
    public static final String LEGACY_LINES = "SELECT o.id, o.customer_id, o.status, o.total_cents, o.currency, "
            + "o.created_at, o.updated_at, o.version, l.line_no, l.sku, l.quantity, l.product_name, "
            + "l.unit_price_cents FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id ORDER BY o.id, l.line_no";
    /** The same, in the service. */
    public static final String SERVICE_LINES = "SELECT o.id, o.customer_id, o.status, o.total_cents, o.currency, "
            + "o.placed_at, o.modified_at, o.revision, l.line_no, l.sku, l.quantity, l.product_name, "
            + "l.unit_price_cents FROM purchase_order o LEFT JOIN order_line l ON l.order_id = o.id "
            + "ORDER BY o.id, l.line_no";

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    public OrderDatabases() {
        super("shop", "orders", migrations("legacy-monolith"), migrations("extracted-services/order-service"));
        run(legacy(), "INSERT INTO products (sku, name, price_cents, stock) VALUES "
                + "('TEA-1', 'Green tea', 450, 1000), ('MUG-2', 'Mug', 1200, 1000)");
    }

    /** Points the shipped app's {@code orders} pipeline (its {@code STRANGLER_*} placeholders) at these databases. */
    public void pointTheApp(DynamicPropertyRegistry registry) {
        register(registry, "ORDER");
    }

    /** The shipped orders pipeline, pointed at these two databases. */
    public PipelineDefinition pipeline() {
        return pipeline("orders.yaml", "ORDER");
    }

    /** A legacy customer, as the monolith stores one. Returns its id. */
    public long legacyCustomer(String firstName, String lastName) {
        return Long.parseLong(rows(legacy(), "INSERT INTO customers (first_name, last_name, email) VALUES ('"
                + firstName + "', '" + lastName + "', '" + firstName.toLowerCase() + "." + System.nanoTime()
                + "@shop.example') RETURNING id").get(0).get(0));
    }

    /** A legacy order with {@code lines} lines (the first without a reservation id); returns its id. */
    public long legacyOrder(long customerId, int lines) {
        long order = Long.parseLong(rows(legacy(), "INSERT INTO orders (customer_id, status, total_cents) VALUES ("
                + customerId + ", 'PAID', " + 450 * lines + ") RETURNING id").get(0).get(0));
        for (int line = 1; line <= lines; line++) {
            run(legacy(), "INSERT INTO order_lines (order_id, line_no, sku, product_name, quantity, unit_price_cents, "
                    + "reservation_id) VALUES (" + order + ", " + line + ", 'TEA-1', 'Green tea', 1, 450, "
                    + (line == 1 ? "NULL" : "gen_random_uuid()") + ")");
        }
        return order;
    }

    /** Every versioned migration of a module, in version order, as one script (they are plain SQL). */
    private static String migrations(String module) {
        Path directory = REPOSITORY.resolve(module).resolve("src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(OrderDatabases::version)).map(OrderDatabases::read)
                    .collect(Collectors.joining(";\n"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the migrations of " + module + " in " + directory, ex);
        }
    }

    private static int version(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
