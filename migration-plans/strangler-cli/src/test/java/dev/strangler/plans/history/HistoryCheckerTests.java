package dev.strangler.plans.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.history.History.Kind;
import dev.strangler.plans.history.History.Outcome;
import dev.strangler.plans.history.HistoryChecker.AnomalyKind;
import dev.strangler.plans.history.HistoryChecker.DatabaseState;
import dev.strangler.plans.history.HistoryChecker.StoredRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories: each anomaly is found, named and shown with its nearest fault. */
class HistoryCheckerTests {

    private static final Instant START = Instant.parse("2026-12-06T09:00:00Z");

    private final History history = new History();
    private final HistoryChecker checker = new HistoryChecker();

    @Test
    void acceptsRowsThatHoldTheLastAcknowledgedWrite() {
        long create = create(7, Outcome.OK);
        long update = update(7, Outcome.OK);
        create(8, Outcome.OK);
        delete(8, Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop(row(7, create, History.tag(update)))));

        assertThat(verdict.anomalies()).isEmpty();
        assertThat(verdict.summary(history, 1200)).isEqualTo("history: 4 ops (ok 4, failed 0, indeterminate 0), "
                + "flips 0, kills 0, lost 0, overwritten 0, resurrected 0, phantom 0, catch-up after last kill 1200 ms");
    }

    @Test
    void allowsAnIndeterminateWriteEitherWay() {
        long create = create(7, Outcome.OK);
        long maybe = update(7, Outcome.INDETERMINATE);
        long unknownCreate = createUnacknowledged(Outcome.INDETERMINATE);
        long neverSeen = createUnacknowledged(Outcome.INDETERMINATE);

        assertThat(checker.check(history, List.of(shop(row(7, create, History.tag(create)),
                row(99, unknownCreate, History.tag(unknownCreate))))).anomalies()).isEmpty();
        assertThat(checker.check(history, List.of(shop(row(7, create, History.tag(maybe))))).anomalies()).isEmpty();
        assertThat(neverSeen).isPositive();
    }

    @Test
    void findsALostCreateAndNamesTheNearestFault() {
        create(7, Outcome.OK);
        history.record(new History.Event(History.EventKind.FAULT, "kill -9 cdc-sync", START.plusMillis(3_500)));
        history.record(new History.Event(History.EventKind.FAULT, "kill -9 strangler-proxy", START.plusSeconds(60)));

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop()));

        assertThat(verdict.count(AnomalyKind.LOST)).isEqualTo(1);
        String example = verdict.smallestCounterExamples().get(0).counterExample();
        assertThat(example).startsWith("lost: shop key 7 row holds nothing: the acknowledged op 1 (create via proxy)")
                .contains("op 1 create customer key 7 value h1 via proxy OK")
                .contains("nearest fault: kill -9 cdc-sync at 2026-12-06T09:00:03.500Z (2000 ms after the write)");
    }

    @Test
    void findsARowOverwrittenByAnOlderWrite() {
        long create = create(7, Outcome.OK);
        long first = update(7, Outcome.OK);
        update(7, Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop(row(7, create, History.tag(first)))));

        assertThat(verdict.count(AnomalyKind.OVERWRITTEN)).isEqualTo(1);
        assertThat(verdict.anomalies().get(0).counterExample()).startsWith("overwritten: shop key 7 last_name holds h2:"
                + " the last acknowledged write is op 3 (update via proxy) (h3); the row holds the older value of op 2");
    }

    @Test
    void findsADeletedRowResurrected() {
        long create = create(7, Outcome.OK);
        long update = update(7, Outcome.OK);
        delete(7, Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop(row(7, create, History.tag(update)))));

        assertThat(verdict.count(AnomalyKind.RESURRECTED)).isEqualTo(1);
        assertThat(verdict.anomalies().get(0).counterExample()).startsWith("resurrected: shop key 7 last_name holds h2:"
                + " the acknowledged op 3 (delete via proxy) removed the row");
    }

    @Test
    void findsAValueNoOneWroteAndAValueOfAFailedWrite() {
        long create = create(7, Outcome.OK);
        long refused = update(7, Outcome.FAILED);
        long other = create(8, Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(
                shop(row(7, create, History.tag(refused)), row(8, other, "Smith")),
                new DatabaseState("customers", List.of(row(7, create, History.tag(create)),
                        row(8, other, History.tag(create))))));

        assertThat(verdict.count(AnomalyKind.PHANTOM)).isEqualTo(3);
        assertThat(verdict.anomalies()).extracting(HistoryChecker.Anomaly::why).containsExactly(
                "it was written by op 2 update customer key 7 value h2 via proxy FAILED (status 409, "
                        + "2026-12-06T09:00:02Z → 2026-12-06T09:00:02.500Z), which failed",
                "no operation wrote this value",
                "it was written by op 1 create customer key 7 value h1 via proxy OK (status 201, "
                        + "2026-12-06T09:00:01Z → 2026-12-06T09:00:01.500Z), to another key");
    }

    @Test
    void findsARowThatNoCreateMayHaveMade() {
        long refused = createUnacknowledged(Outcome.FAILED);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop(row(5, refused, History.tag(refused)),
                new StoredRow(6, "stranger@example.com", Map.of("last_name", "x")))));

        assertThat(verdict.count(AnomalyKind.PHANTOM)).isEqualTo(2);
        assertThat(verdict.anomalies()).extracting(HistoryChecker.Anomaly::why).containsExactly(
                "its create failed (definitely not applied)", "no operation created stranger@example.com");
    }

    @Test
    void findsACustomerReplacedByAnotherCreateGivenTheSameKey() {
        long first = create(7, Outcome.OK);
        update(7, Outcome.OK);
        long second = create(7, Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop(row(7, second, History.tag(second)))));

        assertThat(verdict.count(AnomalyKind.LOST)).isEqualTo(1);
        assertThat(verdict.anomalies().get(0).counterExample()).startsWith("lost: shop key 7 row holds h-test-3"
                + "@example.com: the row of op " + first + " (create via proxy) was never deleted, yet op "
                + second + " (create via proxy) was given the same key");
    }

    @Test
    void acceptsAKeyGivenAgainAfterItsCustomerWasDeleted() {
        create(7, Outcome.OK);
        delete(7, Outcome.OK);
        long again = create(7, Outcome.OK);

        assertThat(checker.check(history, List.of(shop(row(7, again, History.tag(again))))).anomalies()).isEmpty();
    }

    @Test
    void findsAMissingColumnOfASplitRowLost() {
        long create = create(7, Outcome.OK);

        Map<String, @Nullable String> values = new LinkedHashMap<>();
        values.put("family_name", History.tag(create));
        values.put("customer_address.city", null);
        HistoryChecker.Verdict verdict = checker.check(history, List.of(new DatabaseState("customers",
                List.of(new StoredRow(7, identity(create), values)))));

        assertThat(verdict.count(AnomalyKind.LOST)).isEqualTo(1);
        assertThat(verdict.anomalies().get(0).column()).isEqualTo("customer_address.city");
    }

    @Test
    void checksOrdersApartFromCustomersOnTheSameKey() {
        long customer = create(7, Outcome.OK);
        OrderState placed = order(3, "PAID");
        long order = orderOperation(Kind.CREATE, 7L, OrderState.identity(3), placed, Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(shop(row(7, customer,
                History.tag(customer))), orders(7, placed)));

        assertThat(verdict.anomalies()).isEmpty();
        assertThat(placed.identity()).isEqualTo(OrderState.identity(3)).isEqualTo("order 1/4");
        assertThat(order).isEqualTo(2);
    }

    @Test
    void findsAnOrderHoldingAnOlderStateThanItsAcknowledgedCancellation() {
        OrderState placed = order(1_234, "PAID");
        long create = orderOperation(Kind.CREATE, 7L, OrderState.identity(1_234), placed, Outcome.OK);
        long cancel = orderOperation(Kind.UPDATE, 7L, null, placed.withStatus("CANCELLED"), Outcome.OK);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(orders(7, placed)));

        assertThat(verdict.count(AnomalyKind.OVERWRITTEN)).isEqualTo(1);
        assertThat(verdict.anomalies().get(0).counterExample()).startsWith("overwritten: orders key 7 "
                + "purchase_order+order_line holds PAID 500 EUR customer 51 \"History Orders\" [1 H-RUN "
                + "\"History product\" 2x100, 2 H-RUN \"History product\" 235x100]: the last acknowledged write is op "
                + cancel + " (update via proxy)").contains("the row holds the older value of op " + create
                + " create order key 7");
    }

    @Test
    void findsAnOrderThatItsFailedPlacementLeftBehind() {
        OrderState placed = order(9, "PAID");
        orderOperation(Kind.CREATE, null, OrderState.identity(9), placed, Outcome.FAILED);

        HistoryChecker.Verdict verdict = checker.check(history, List.of(orders(12, placed)));

        assertThat(verdict.count(AnomalyKind.PHANTOM)).isEqualTo(1);
        assertThat(verdict.anomalies().get(0).why()).isEqualTo("its create failed (definitely not applied)");
    }

    private long orderOperation(Kind kind, @Nullable Long key, @Nullable String identity, OrderState state,
            Outcome outcome) {
        long id = history.invoke();
        History.Operation operation = operation(id, kind, key, identity, state.toString(), outcome);
        history.record(new History.Operation(id, kind, key, identity, state.toString(), operation.via(),
                operation.invoked(), operation.completed(), outcome, operation.detail(), History.Entity.ORDER));
        return id;
    }

    /** An order of two lines whose quantities encode the creating operation's id. */
    private static OrderState order(long createId, String status) {
        int[] quantities = OrderState.quantities(createId);
        return new OrderState(status, 500, "EUR", 51, "History Orders", List.of(
                new OrderState.Line(1, "H-RUN", "History product", quantities[0], 100L),
                new OrderState.Line(2, "H-RUN", "History product", quantities[1], 100L)));
    }

    private static DatabaseState orders(long key, OrderState order) {
        return new DatabaseState("orders", History.Entity.ORDER, List.of(new StoredRow(key, order.identity(),
                Map.of("purchase_order+order_line", order.toString()))));
    }

    private long create(long key, Outcome outcome) {
        long id = history.invoke();
        history.record(operation(id, Kind.CREATE, key, identity(id), History.tag(id), outcome));
        return id;
    }

    private long createUnacknowledged(Outcome outcome) {
        long id = history.invoke();
        history.record(operation(id, Kind.CREATE, null, identity(id), History.tag(id), outcome));
        return id;
    }

    private long update(long key, Outcome outcome) {
        long id = history.invoke();
        history.record(operation(id, Kind.UPDATE, key, null, History.tag(id), outcome));
        return id;
    }

    private long delete(long key, Outcome outcome) {
        long id = history.invoke();
        history.record(operation(id, Kind.DELETE, key, null, null, outcome));
        return id;
    }

    private static History.Operation operation(long id, Kind kind, @Nullable Long key, @Nullable String identity,
            @Nullable String value, Outcome outcome) {
        String status = switch (outcome) {
            case OK -> kind == Kind.CREATE ? "status 201" : kind == Kind.DELETE ? "status 204" : "status 200";
            case FAILED -> "status 409";
            case INDETERMINATE -> "timed out";
        };
        return new History.Operation(id, kind, key, identity, value, "proxy", START.plusSeconds(id),
                START.plusSeconds(id).plusMillis(500), outcome, status);
    }

    private static String identity(long createId) {
        return "h-test-" + createId + "@example.com";
    }

    private static StoredRow row(long key, long createId, String lastName) {
        return new StoredRow(key, identity(createId), Map.of("last_name", lastName));
    }

    private static DatabaseState shop(StoredRow... rows) {
        return new DatabaseState("shop", Arrays.asList(rows));
    }
}
