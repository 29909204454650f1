package dev.strangler.plans.history;

import dev.strangler.plans.history.History.Operation;
import dev.strangler.plans.history.History.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Compares the final rows of each database with what a {@link History} allows.
 *
 * <p>Per key, the operations are sequential and none follows an indeterminate one, so the allowed final states are
 * the state the last acknowledged operation left (its value, or no row after a delete) and the state of any
 * indeterminate operation after it. A row is then:
 * <ul>
 * <li><b>lost</b> when it (or one of its value columns) is missing although an acknowledged create or update says it
 * is there;</li>
 * <li><b>overwritten</b> when it holds an older value of its own key instead of the last acknowledged one;</li>
 * <li><b>resurrected</b> when it is there, with a value of its own key, although an acknowledged delete removed it;</li>
 * <li><b>phantom</b> when it holds a value no operation on that key may have written: a failed operation's, another
 * key's, or one that carries no operation at all; also a row whose identity no create may have made.</li>
 * </ul>
 * One anomaly is reported per database and key: the first column that is wrong.
 */
public final class HistoryChecker {

    /** The four ways a final state can disagree with the history. */
    public enum AnomalyKind { LOST, OVERWRITTEN, RESURRECTED, PHANTOM }

    /**
     * A row as a database holds it after the run.
     *
     * @param key the row's key
     * @param identity what identifies the row whatever its key (the e-mail of its create), or null
     * @param values the columns that carry the written value, by name (null when the column or its row is missing)
     */
    public record StoredRow(long key, @Nullable String identity, Map<String, @Nullable String> values) {
    }

    /**
     * Every row of one kind (customers or orders) in one database that the workload may have written; it is checked
     * against the operations on that kind only.
     */
    public record DatabaseState(String database, History.Entity entity, List<StoredRow> rows) {

        /** The customers of one database. */
        public DatabaseState(String database, List<StoredRow> rows) {
            this(database, History.Entity.CUSTOMER, rows);
        }
    }

    /**
     * One disagreement, with what is needed to chase it: the key, the write the history expects, what was found and
     * the fault and plan move nearest in time to that write.
     */
    public record Anomaly(AnomalyKind kind, String database, long key, String column, @Nullable String found,
            @Nullable Operation expected, String why, List<Operation> keyHistory, History.@Nullable Event nearestFault,
            History.@Nullable Event nearestFlip) {

        /** The counter-example, several lines: what is wrong, the key's operations, the nearest fault and move. */
        public String counterExample() {
            StringBuilder text = new StringBuilder();
            text.append(kind.name().toLowerCase(Locale.ROOT)).append(": ").append(database).append(" key ").append(key)
                    .append(" ").append(column).append(" holds ").append(found == null ? "nothing" : found)
                    .append(": ").append(why);
            keyHistory.forEach(operation -> text.append("\n    ").append(operation));
            Instant at = reference();
            if (nearestFault != null) {
                text.append("\n    nearest fault: ").append(nearestFault).append(at == null ? ""
                        : " (" + offset(at, nearestFault.at()) + ")");
            }
            if (nearestFlip != null) {
                text.append("\n    nearest plan move: ").append(nearestFlip).append(at == null ? ""
                        : " (" + offset(at, nearestFlip.at()) + ")");
            }
            return text.toString();
        }

        private @Nullable Instant reference() {
            return expected != null ? expected.completed() : keyHistory.isEmpty() ? null
                    : keyHistory.get(keyHistory.size() - 1).completed();
        }

        private static String offset(Instant write, Instant event) {
            long millis = Duration.between(write, event).toMillis();
            return Math.abs(millis) + " ms " + (millis < 0 ? "before" : "after") + " the write";
        }
    }

    /** The checker's answer. */
    public record Verdict(List<Anomaly> anomalies) {

        public long count(AnomalyKind kind) {
            return anomalies.stream().filter(anomaly -> anomaly.kind() == kind).count();
        }

        public boolean clean() {
            return anomalies.isEmpty();
        }

        /** The smallest counter-example of each kind found (the lowest key), one per kind. */
        public List<Anomaly> smallestCounterExamples() {
            Map<AnomalyKind, Anomaly> smallest = new TreeMap<>();
            anomalies.stream().sorted(Comparator.comparingLong(Anomaly::key))
                    .forEach(anomaly -> smallest.putIfAbsent(anomaly.kind(), anomaly));
            return List.copyOf(smallest.values());
        }

        /**
         * The summary line: {@code history: N ops (ok A, failed F, indeterminate I), flips X, kills K, lost 0,
         * overwritten 0, resurrected 0, phantom 0, catch-up after last kill T ms}.
         */
        public String summary(History history, long catchUpMillis) {
            return "history: " + history.operations().size() + " ops (ok " + history.count(Outcome.OK) + ", failed "
                    + history.count(Outcome.FAILED) + ", indeterminate " + history.count(Outcome.INDETERMINATE)
                    + "), flips " + history.count(History.EventKind.FLIP) + ", kills "
                    + history.count(History.EventKind.FAULT) + ", lost " + count(AnomalyKind.LOST) + ", overwritten "
                    + count(AnomalyKind.OVERWRITTEN) + ", resurrected " + count(AnomalyKind.RESURRECTED) + ", phantom "
                    + count(AnomalyKind.PHANTOM) + ", catch-up after last kill " + catchUpMillis + " ms";
        }
    }

    /** Checks every database against the history. */
    public Verdict check(History history, List<DatabaseState> databases) {
        List<Operation> operations = history.operations();
        List<History.Event> events = history.events();
        List<Anomaly> anomalies = new ArrayList<>();
        for (DatabaseState database : databases) {
            anomalies.addAll(check(operations, events, database));
        }
        return new Verdict(anomalies);
    }

    private static List<Anomaly> check(List<Operation> operations, List<History.Event> events,
            DatabaseState database) {
        Map<Long, Operation> byId = new HashMap<>();
        Map<String, Operation> createsByIdentity = new HashMap<>();
        Map<Long, List<Operation>> byKey = new TreeMap<>();
        for (Operation operation : operations) {
            if (operation.entity() != database.entity()) {
                continue;
            }
            byId.put(operation.id(), operation);
            if (operation.kind() == History.Kind.CREATE && operation.identity() != null) {
                createsByIdentity.put(operation.identity(), operation);
            }
            if (operation.key() != null) {
                byKey.computeIfAbsent(operation.key(), key -> new ArrayList<>()).add(operation);
            }
        }
        Map<Long, StoredRow> rows = new TreeMap<>();
        database.rows().forEach(row -> rows.put(row.key(), row));
        List<Anomaly> anomalies = new ArrayList<>();
        Set<Long> settled = new HashSet<>();

        // Rows first by identity: a row no create may have made is a phantom whatever it holds; a row made by an
        // indeterminate create binds that create to its key.
        for (StoredRow row : rows.values()) {
            if (row.identity() == null) {
                continue;
            }
            Operation create = createsByIdentity.get(row.identity());
            String why = create == null ? "no operation created " + row.identity()
                    : create.outcome() == Outcome.FAILED ? "its create failed (definitely not applied)"
                    : create.key() != null && create.key() != row.key() ? "its create was acknowledged as key "
                            + create.key()
                    : null;
            if (why != null) {
                anomalies.add(anomaly(AnomalyKind.PHANTOM, database, row.key(), "identity", row.identity(), null, why,
                        create == null ? List.of() : List.of(create), events));
                settled.add(row.key());
            }
            else if (create.key() == null) {
                byKey.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(create);
            }
        }

        Set<Long> keys = new TreeSet<>(byKey.keySet());
        keys.addAll(rows.keySet());
        for (long key : keys) {
            if (settled.contains(key)) {
                continue;
            }
            List<Operation> keyHistory = new ArrayList<>(byKey.getOrDefault(key, List.of()));
            keyHistory.sort(Comparator.comparingLong(Operation::id));
            Anomaly anomaly = checkKey(database, key, keyHistory, rows.get(key), byId, events);
            if (anomaly != null) {
                anomalies.add(anomaly);
            }
        }
        return anomalies;
    }

    private static @Nullable Anomaly checkKey(DatabaseState database, long key, List<Operation> keyHistory,
            @Nullable StoredRow row, Map<Long, Operation> byId, List<History.Event> events) {
        // Two rows on one key: a create (acknowledged, or seen applied) while the key's previous row was
        // not deleted means that row was replaced, e.g. by ids handed out twice on either side.
        Operation living = null;
        for (Operation operation : keyHistory) {
            if (operation.kind() == History.Kind.CREATE) {
                if (living != null) {
                    return anomaly(AnomalyKind.LOST, database, key, "row", row == null ? null : row.identity(),
                            living, "the row of " + describe(living) + " was never deleted, yet " + describe(
                                    operation) + " was given the same key", keyHistory, events);
                }
                living = operation;
            }
            else if (operation.kind() == History.Kind.DELETE && operation.outcome() != Outcome.FAILED) {
                living = null;
            }
        }
        int lastOk = -1;
        for (int i = 0; i < keyHistory.size(); i++) {
            if (keyHistory.get(i).outcome() == Outcome.OK) {
                lastOk = i;
            }
        }
        Operation expected = lastOk < 0 ? null : keyHistory.get(lastOk);
        // The allowed final states: what the last acknowledged operation left (no row before any), and what any
        // indeterminate operation after it would have left. A null value stands for "no row".
        Set<@Nullable String> allowed = new LinkedHashSet<>();
        allowed.add(expected == null ? null : stateAfter(expected));
        for (int i = lastOk + 1; i < keyHistory.size(); i++) {
            if (keyHistory.get(i).outcome() == Outcome.INDETERMINATE) {
                allowed.add(stateAfter(keyHistory.get(i)));
            }
        }
        if (row == null) {
            return allowed.contains(null) ? null : anomaly(AnomalyKind.LOST, database, key, "row", null, expected,
                    "the acknowledged " + describe(expected) + " left a row, and there is none", keyHistory, events);
        }
        for (Map.Entry<String, @Nullable String> column : row.values().entrySet()) {
            String found = column.getValue();
            if (found != null && allowed.contains(found)) {
                continue;
            }
            if (found == null) {
                if (allowed.contains(null)) {
                    continue; // a column of a row that may rightly be absent
                }
                return anomaly(AnomalyKind.LOST, database, key, column.getKey(), null, expected, "the acknowledged "
                        + describe(expected) + " wrote " + stateAfter(expected) + " here, and the column holds nothing",
                        keyHistory, events);
            }
            Operation writer = writerOf(found, keyHistory, byId);
            boolean ownKey = writer != null && keyHistory.contains(writer) && writer.outcome() != Outcome.FAILED;
            if (!ownKey) {
                String why = writer == null ? "no operation wrote this value"
                        : writer.outcome() == Outcome.FAILED ? "it was written by " + writer + ", which failed"
                        : "it was written by " + writer + ", to another key";
                return anomaly(AnomalyKind.PHANTOM, database, key, column.getKey(), found, expected, why, keyHistory,
                        events);
            }
            if (allowed.size() == 1 && allowed.contains(null)) {
                return anomaly(AnomalyKind.RESURRECTED, database, key, column.getKey(), found, expected,
                        "the acknowledged " + describe(expected) + " removed the row, yet it holds the value of "
                                + writer, keyHistory, events);
            }
            return anomaly(AnomalyKind.OVERWRITTEN, database, key, column.getKey(), found, expected,
                    "the last acknowledged write is " + describe(expected) + " (" + stateAfter(expected)
                            + "); the row holds the older value of " + writer, keyHistory, events);
        }
        return null;
    }

    /**
     * Who wrote a value: the last operation on the key that left it (an order's state carries no operation id, so
     * values are matched whole; one that did not fail first), else the operation whose id the value carries.
     */
    private static @Nullable Operation writerOf(String found, List<Operation> keyHistory, Map<Long, Operation> byId) {
        Operation failed = null;
        for (int i = keyHistory.size() - 1; i >= 0; i--) {
            Operation operation = keyHistory.get(i);
            if (found.equals(stateAfter(operation))) {
                if (operation.outcome() != Outcome.FAILED) {
                    return operation;
                }
                failed = failed == null ? operation : failed;
            }
        }
        return failed != null ? failed : byId.get(History.operationOf(found));
    }

    private static @Nullable String stateAfter(@Nullable Operation operation) {
        return operation == null || operation.kind() == History.Kind.DELETE ? null : operation.value();
    }

    private static String describe(@Nullable Operation operation) {
        return operation == null ? "(no acknowledged operation)" : "op " + operation.id() + " ("
                + operation.kind().name().toLowerCase(Locale.ROOT) + " via " + operation.via() + ")";
    }

    private static Anomaly anomaly(AnomalyKind kind, DatabaseState database, long key, String column,
            @Nullable String found, @Nullable Operation expected, String why, List<Operation> keyHistory,
            List<History.Event> events) {
        Operation reference = expected != null ? expected : keyHistory.isEmpty() ? null
                : keyHistory.get(keyHistory.size() - 1);
        return new Anomaly(kind, database.database(), key, column, found, expected, why, List.copyOf(keyHistory),
                nearest(events, History.EventKind.FAULT, reference), nearest(events, History.EventKind.FLIP, reference));
    }

    private static History.@Nullable Event nearest(List<History.Event> events, History.EventKind kind,
            @Nullable Operation reference) {
        if (reference == null) {
            return null;
        }
        return events.stream().filter(event -> event.kind() == kind)
                .min(Comparator.comparingLong(event -> Math.abs(Duration.between(reference.completed(), event.at())
                        .toMillis())))
                .orElse(null);
    }
}
