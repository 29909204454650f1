package dev.strangler.plans.history;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An order as the history compares it, in one line: status, total, currency, customer (id and the name the order
 * shows), and every line (number, sku, product name, quantity, unit price). The workload builds it from what the
 * writer acknowledged (the API's answer, or what the legacy batch inserted or changed); the check builds it from each
 * database, through the orders pipeline's mapping ({@code orders}/{@code order_lines} in the shared database, with
 * the customer's name read from {@code customers} as the lookup column does; {@code purchase_order}/
 * {@code order_line} in order-service's, with its stored {@code customer_name}). Equal text, same order. What
 * identifies an order whatever its key is the quantities of its lines, which encode the id of the operation that
 * created it ({@link #quantities(long)}); no later write changes them.
 */
record OrderState(String status, long totalCents, String currency, long customerId, @Nullable String customerName,
        List<Line> lines) {

    /** One order line. */
    record Line(int lineNo, String sku, @Nullable String productName, int quantity, @Nullable Long unitPriceCents) {

        @Override
        public String toString() {
            return lineNo + " " + sku + " \"" + productName + "\" " + quantity + "x" + unitPriceCents;
        }
    }

    /** How many units each of the two lines of an order created by operation {@code id} asks for (at most 1000). */
    static int[] quantities(long operationId) {
        if (operationId >= 1_000_000) {
            throw new IllegalStateException("operation " + operationId + " is past what two order lines can encode");
        }
        return new int[] {1 + (int) (operationId / 1000), 1 + (int) (operationId % 1000)};
    }

    /** The identity of the order created by operation {@code id}. */
    static String identity(long operationId) {
        int[] quantities = quantities(operationId);
        return "order " + quantities[0] + "/" + quantities[1];
    }

    /** The identity this order's lines carry. */
    String identity() {
        return "order " + lines.stream().map(line -> Integer.toString(line.quantity())).collect(Collectors.joining("/"));
    }

    OrderState withStatus(String newStatus) {
        return new OrderState(newStatus, totalCents, currency, customerId, customerName, lines);
    }

    OrderState withTotal(long newTotalCents) {
        return new OrderState(status, newTotalCents, currency, customerId, customerName, lines);
    }

    @Override
    public String toString() {
        return status + " " + totalCents + " " + currency + " customer " + customerId + " \"" + customerName + "\" "
                + lines;
    }
}
