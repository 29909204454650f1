package dev.strangler.plans.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the clients did and saw: every write operation from its invocation to its outcome, and every fault and plan
 * move with its time. Operation ids grow in invocation order; every value an operation writes carries its id
 * ({@link #tag(long)}), so that any value found in a database names the operation that wrote it.
 *
 * <p>The workload keeps the operations on one key sequential (one at a time, and none after an indeterminate one),
 * which is what lets the {@link HistoryChecker} decide each key's allowed final states exactly.
 */
public final class History {

    /** What an operation does to its key. */
    public enum Kind { CREATE, UPDATE, DELETE }

    /** What an operation writes: keys of customers and of orders are apart, each checked on its own. */
    public enum Entity { CUSTOMER, ORDER }

    /** How an operation ended, as the client saw it. */
    public enum Outcome {
        /** Acknowledged: applied, with the value the client sent. */
        OK,
        /** Definitely not applied (refused with 4xx, connection refused, no row to change). */
        FAILED,
        /** May or may not have applied (timeout, connection reset, 5xx). */
        INDETERMINATE
    }

    /**
     * One operation.
     *
     * @param id its id, in invocation order
     * @param kind create, update or delete
     * @param key the row's key: known up front for updates and deletes, from the answer for a create (null when the
     *        create was not acknowledged)
     * @param identity what identifies a created row whatever its key (an e-mail address carrying the id); null for
     *        updates and deletes
     * @param value the value written ({@link #tag(long)} of the id); null for deletes
     * @param via who wrote: {@code proxy} or {@code legacy-batch}
     * @param invoked when the client sent it
     * @param completed when the client saw its outcome
     * @param outcome ok, failed or indeterminate
     * @param detail what the client was told (status, error)
     * @param entity a customer or an order
     */
    public record Operation(long id, Kind kind, @Nullable Long key, @Nullable String identity, @Nullable String value,
            String via, Instant invoked, Instant completed, Outcome outcome, String detail, Entity entity) {

        /** An operation on a customer. */
        public Operation(long id, Kind kind, @Nullable Long key, @Nullable String identity, @Nullable String value,
                String via, Instant invoked, Instant completed, Outcome outcome, String detail) {
            this(id, kind, key, identity, value, via, invoked, completed, outcome, detail, Entity.CUSTOMER);
        }

        @Override
        public String toString() {
            return "op " + id + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                    + entity.name().toLowerCase(java.util.Locale.ROOT) + (key == null ? "" : " key " + key)
                    + (value == null ? "" : " value " + value) + " via " + via + " " + outcome + " (" + detail + ", "
                    + invoked + " → " + completed + ")";
        }
    }

    /** What else happened: a fault injected or a plan moved. */
    public enum EventKind { FAULT, FLIP }

    /** A fault or a plan move, at the time it was made. */
    public record Event(EventKind kind, String what, Instant at) {

        @Override
        public String toString() {
            return what + " at " + at;
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final List<Operation> operations = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    /** The value an operation writes: its id, recognisable in any column. */
    public static String tag(long operationId) {
        return "h" + operationId;
    }

    /** The operation id a value carries, or -1 when it carries none. */
    public static long operationOf(@Nullable String value) {
        if (value == null || value.length() < 2 || value.charAt(0) != 'h') {
            return -1;
        }
        try {
            return Long.parseLong(value.substring(1));
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    /** A fresh operation id, taken when the operation is invoked. */
    public long invoke() {
        return ids.incrementAndGet();
    }

    public synchronized void record(Operation operation) {
        operations.add(operation);
    }

    public synchronized void record(Event event) {
        events.add(event);
    }

    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized long count(Outcome outcome) {
        return operations.stream().filter(operation -> operation.outcome() == outcome).count();
    }

    public synchronized long count(EventKind kind) {
        return events.stream().filter(event -> event.kind() == kind).count();
    }
}
