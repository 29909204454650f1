package dev.strangler.plans.history;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.history.Faults.Fault;
import dev.strangler.plans.history.HistoryChecker.DatabaseState;
import dev.strangler.plans.history.HistoryChecker.StoredRow;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.plan.PlanPhase;
import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanState;
import dev.strangler.plans.runner.PlanStates;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackLayout;
import dev.strangler.plans.walkthrough.Walkthrough;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The history check on the whole stack: starts it, runs the {@link ShopWorkload} (customers and orders, through the
 * proxy, and straight into the shared database while the monolith is the writer of record), walks the customers and
 * orders plans side by side (extract, shadow, canary, serve reads, cut over, roll back from cutover, cut over again)
 * with the {@link PlanRunner}, injects faults on a schedule, stops the load, waits for every database to hold what
 * the history allows and checks them with the {@link HistoryChecker}. Leaves nothing running.
 */
public final class HistoryRun {

    /**
     * How the run goes.
     *
     * @param plans the plan files
     * @param walked the plans walked side by side, each stage moving them in this order
     * @param thorough the long schedule (every fault in every phase, twice) rather than the short one
     * @param minimumOperations keep the load up in the last phase until this many operations were made
     * @param writers concurrent writers
     * @param writePause each writer's pause between two operations
     * @param dwell how long the load runs before each fault and in each phase
     * @param phaseTimeout how long a phase's gates may take to hold
     * @param catchUpTimeout how long every database may take to hold the model once the load stopped
     * @param report where to write the markdown report, or null for none
     */
    public record Settings(Path plans, List<String> walked, boolean thorough, long minimumOperations, int writers, Duration writePause,
            Duration dwell, Duration phaseTimeout, Duration catchUpTimeout, @Nullable Path report) {

        /**
         * The short run of {@code ./mvnw verify}: a few hundred operations, a kill of each kind but order-service's;
         * the customers plan walks, orders are written through the monolith and the legacy batch (synced forward).
         */
        public static Settings quick(Path plans) {
            return new Settings(plans, List.of("customers"), false, 0, 2, Duration.ofMillis(150), Duration.ofSeconds(2),
                    Duration.ofSeconds(90), Duration.ofSeconds(60), null);
        }

        /** The long run: every fault in every phase it fits, twice (32 faults), and at least 10,000 operations. */
        public static Settings thorough(Path plans, Path report) {
            return new Settings(plans, PLANS, true, 10_000, 4, Duration.ofMillis(40), Duration.ofSeconds(5),
                    Duration.ofSeconds(180), Duration.ofSeconds(120), report);
        }
    }

    /**
     * What the run found.
     *
     * @param catchUpMillis from the end of the load until every database held the model; -1 when they did not
     * @param stoppedEarly why the plan walk or a fault stopped before the end (the check still ran), or null
     */
    public record Result(HistoryChecker.Verdict verdict, History history, long catchUpMillis, Duration took,
            String summary, @Nullable String stoppedEarly) {

        public boolean passed() {
            return verdict.clean() && stoppedEarly == null;
        }
    }

    private static final List<String> PLANS = List.of("customers", "orders");
    private static final int SEEDED_CUSTOMERS = 50;
    private static final int SEEDED_ORDERS = 100;
    /** One write in this many is an order's. */
    private static final int ORDER_SHARE = 3;
    private static final int MOVE_ATTEMPTS = 5;

    private final Stack stack;
    private final StackLayout layout;
    private final Console console;
    private final Settings settings;
    private final History history = new History();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<String> moves = new ArrayList<>();
    private long orderCustomer = -1;

    public HistoryRun(Stack stack, Console console, Settings settings) {
        this.stack = stack;
        this.layout = stack.layout();
        this.console = console;
        this.settings = settings;
    }

    /** Runs the whole check; the stack is down again when it returns. */
    public Result run() {
        long started = System.nanoTime();
        Thread cleanup = new Thread(stack::down, "history-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return check(started);
        }
        finally {
            stack.down();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            catch (IllegalStateException ex) {
                // The JVM is already shutting down: the hook runs and finds everything stopped.
            }
        }
    }

    private Result check(long started) {
        List<Component> failed = stack.up();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Not ready: " + failed.stream().map(Component::name).toList()
                    + "; logs in " + layout.logs());
        }
        Engines engines = Walkthrough.engines(layout);
        PlanStates states = new PlanStates(layout.plans());
        PlanRunner runner = new PlanRunner(engines, states, "history-check", Clock.systemUTC());
        List<MigrationPlan> plans = settings.walked().stream()
                .map(name -> new PlanFiles().named(settings.plans(), name)).toList();
        Faults faults = new Faults(stack, history, console);
        List<List<Fault>> schedule = schedule(settings.thorough(), settings.walked().contains("orders"));
        ShopWorkload workload = new ShopWorkload(layout.proxyUrl(), layout.jdbcUrl("shop"), history, run,
                new ShopWorkload.Settings(settings.writers(), settings.writePause(), 4, 20, SEEDED_CUSTOMERS,
                        ORDER_SHARE, SEEDED_ORDERS));
        Instant loadStopped;
        String stoppedEarly = null;
        List<String> gateDetails = List.of();
        try {
            orderCustomer = workload.prepareOrders();
            workload.legacyBatch(true);
            workload.start();
            // extract, shadow reads, canary reads, serve reads: the monolith writes, the legacy batch too
            for (int stage = 0; stage < 4; stage++) {
                advance(plans, runner, states);
                inject(schedule.get(stage), faults, workload);
            }
            // cut over: the services write; the legacy batch stops before sync reverses
            workload.legacyBatch(false);
            advance(plans, runner, states);
            inject(schedule.get(4), faults, workload);
            // roll back from cutover: the monolith writes again
            for (MigrationPlan plan : plans) {
                rollback(plan, runner);
            }
            workload.legacyBatch(true);
            inject(schedule.get(5), faults, workload);
            // cut over again, and keep the load up until enough operations were made; the last fault comes last
            workload.legacyBatch(false);
            advance(plans, runner, states);
            while (history.operations().size() < settings.minimumOperations()) {
                pause(Duration.ofSeconds(1));
            }
            inject(schedule.get(6), faults, workload);
        }
        catch (RuntimeException ex) {
            // A move refused or a component not back: what was written so far is still checked.
            stoppedEarly = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            console.problem("the run stopped early: " + stoppedEarly);
            if (ex instanceof GatesDidNotHold gates) {
                gateDetails = gates.details();
                gateDetails.forEach(detail -> console.problem("  " + detail));
            }
        }
        finally {
            workload.close();
            loadStopped = Instant.now();
        }
        console.progress("load stopped after " + history.operations().size() + " operations; waiting for every "
                + "database to hold what the history allows");

        HistoryChecker checker = new HistoryChecker();
        HistoryChecker.Verdict verdict;
        long deadline = System.nanoTime() + settings.catchUpTimeout().toNanos();
        while (true) {
            verdict = checker.check(history, databases());
            if (verdict.clean() || System.nanoTime() > deadline) {
                break;
            }
            pause(Duration.ofMillis(500));
        }
        long catchUp = verdict.clean() ? Duration.between(loadStopped, Instant.now()).toMillis() : -1;
        String summary = verdict.summary(history, catchUp);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        console.line(summary);
        verdict.smallestCounterExamples().forEach(anomaly -> console.problem(anomaly.counterExample()));
        if (settings.report() != null) {
            writeReport(settings.report(), verdict, summary, took, catchUp, stoppedEarly, gateDetails);
            console.line("report: " + settings.report());
        }
        return new Result(verdict, history, catchUp, took, summary, stoppedEarly);
    }

    /**
     * The faults of each of the seven stages. The proxy keeps its traffic figures in memory, so it is killed only
     * where no traffic gate is read afterwards (extract, and the cutovers); the services only while they are the
     * writers (the cutovers), order-service (when its plan is walked) in the long run only.
     */
    private static List<List<Fault>> schedule(boolean thorough, boolean orders) {
        if (!thorough) {
            return List.of(List.of(Fault.CDC_SYNC), List.of(), List.of(), List.of(Fault.WALSENDER),
                    List.of(Fault.SERVICE_HOLDING_WRITES), List.of(), List.of(Fault.PROXY, Fault.CDC_SYNC));
        }
        List<List<Fault>> once = List.of(
                List.of(Fault.PROXY, Fault.CDC_SYNC, Fault.WALSENDER),
                List.of(Fault.WALSENDER),
                List.of(Fault.CDC_SYNC),
                List.of(Fault.WALSENDER),
                List.of(Fault.SERVICE_HOLDING_WRITES, Fault.ORDER_SERVICE_HOLDING_WRITES, Fault.PROXY,
                        Fault.WALSENDER),
                List.of(Fault.CDC_SYNC),
                List.of(Fault.WALSENDER, Fault.PROXY, Fault.SERVICE_HOLDING_WRITES, Fault.ORDER_SERVICE_HOLDING_WRITES,
                        Fault.CDC_SYNC));
        // Twice each, the stage's last fault still last (the last stage ends with cdc-sync's kill).
        return once.stream().map(stage -> {
            List<Fault> twice = new ArrayList<>(orders ? stage
                    : stage.stream().filter(fault -> fault != Fault.ORDER_SERVICE_HOLDING_WRITES).toList());
            twice.addAll(twice);
            return List.copyOf(twice);
        }).toList();
    }

    /** Advances every walked plan once, in order. */
    private void advance(List<MigrationPlan> plans, PlanRunner runner, PlanStates states) {
        for (MigrationPlan plan : plans) {
            advance(plan, runner, states);
        }
    }

    private void inject(List<Fault> faults, Faults injector, ShopWorkload workload) {
        pause(settings.dwell());
        for (Fault fault : faults) {
            injector.inject(fault, workload);
            pause(settings.dwell());
        }
    }

    /**
     * Advances once the current phase's gates hold. A gate may fail again between the wait and the advance (a lag
     * figure just over its bound after a kill): the advance is then refused, and waited for again.
     */
    private void advance(MigrationPlan plan, PlanRunner runner, PlanStates states) {
        for (int attempt = 1; ; attempt++) {
            if (states.read(plan.name()).started()) {
                awaitGates(plan, runner, states);
            }
            Instant at = Instant.now();
            PlanRunner.Outcome outcome = runner.advance(plan, new PlanRunner.Options(false, true, "history check"));
            if (outcome.ok()) {
                moved(plan, outcome, true, at);
                return;
            }
            if (outcome.result() != PlanRunner.Result.REFUSED || attempt == MOVE_ATTEMPTS) {
                throw new IllegalStateException("advance of " + plan.name() + " failed: " + outcome.message());
            }
            console.progress("advance refused, waiting for the gates again: " + outcome.message());
        }
    }

    private void rollback(MigrationPlan plan, PlanRunner runner) {
        Instant at = Instant.now();
        PlanRunner.Outcome outcome = runner.rollback(plan, new PlanRunner.Options(false, true, "history check"));
        if (!outcome.ok()) {
            throw new IllegalStateException("rollback of " + plan.name() + " failed: " + outcome.message());
        }
        moved(plan, outcome, false, at);
    }

    private void moved(MigrationPlan plan, PlanRunner.Outcome outcome, boolean advance, Instant at) {
        String what = (advance ? "advance " : "rollback ") + plan.name() + ": "
                + (outcome.from() == null ? "(not started)" : outcome.from()) + " → " + outcome.to();
        history.record(new History.Event(History.EventKind.FLIP, what, at));
        moves.add(what + " at " + at);
        console.progress(what);
    }

    /** Waits until no gate of the current phase fails (unavailable ones are skipped, as the walkthrough does). */
    private void awaitGates(MigrationPlan plan, PlanRunner runner, PlanStates states) {
        long deadline = System.nanoTime() + settings.phaseTimeout().toNanos();
        while (true) {
            PlanState state = states.read(plan.name());
            PlanPhase phase = plan.phase(state.phaseIndex());
            List<GateResult> gates = runner.gates(plan, phase, state);
            List<GateResult> failing = gates.stream().filter(gate -> gate.verdict() == GateResult.Verdict.FAILED)
                    .toList();
            if (failing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new GatesDidNotHold("The gates of " + phase.name() + " did not hold within "
                        + settings.phaseTimeout().toSeconds() + " s: " + failing, failing);
            }
            pause(Duration.ofMillis(700));
        }
    }


    /**
     * Every database as the pipelines map it. Customers: the shared {@code customers} row (last name, city), and
     * customer-service's {@code customer} (family name) with its {@code customer_address} (city). Orders of the run's
     * customer: the shared {@code orders} with its {@code order_lines} and the customer's name from {@code customers}
     * (the lookup column's source), and order-service's {@code purchase_order} with its {@code order_line} and stored
     * {@code customer_name}; there an order whose placement failed ({@code REJECTED}, never shown by the API nor
     * carried back by the pipeline's reverse-when) counts as no order.
     */
    private List<DatabaseState> databases() {
        String like = ShopWorkload.identityPrefix(run) + "%";
        return List.of(
                database("shop", "SELECT id, email, last_name, city FROM customers WHERE email LIKE ?", like,
                        "last_name", "city"),
                database("customers", "SELECT c.id, c.email, c.family_name, a.city FROM customer c "
                        + "LEFT JOIN customer_address a ON a.customer_id = c.id WHERE c.email LIKE ?", like,
                        "family_name", "customer_address.city"),
                orders("shop orders", "shop", "orders+order_lines", "SELECT o.id, o.status, o.total_cents, "
                        + "o.currency, o.customer_id, c.first_name || ' ' || c.last_name, l.line_no, l.sku, "
                        + "l.product_name, l.quantity, l.unit_price_cents FROM orders o "
                        + "LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN order_lines l ON l.order_id = o.id "
                        + "WHERE o.customer_id = ? ORDER BY o.id, l.line_no"),
                orders("orders", "orders", "purchase_order+order_line", "SELECT o.id, o.status, o.total_cents, "
                        + "o.currency, o.customer_id, o.customer_name, l.line_no, l.sku, l.product_name, l.quantity, "
                        + "l.unit_price_cents FROM purchase_order o LEFT JOIN order_line l ON l.order_id = o.id "
                        + "WHERE o.customer_id = ? AND o.status <> 'REJECTED' ORDER BY o.id, l.line_no"));
    }

    /** The run's orders in one database, each as one {@link OrderState} in one column. */
    private DatabaseState orders(String name, String database, String column, String query) {
        try (Connection connection = DriverManager.getConnection(layout.jdbcUrl(database), "postgres", "");
                PreparedStatement select = connection.prepareStatement(query)) {
            select.setLong(1, orderCustomer);
            Map<Long, OrderState> orders = new LinkedHashMap<>();
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    long id = found.getLong(1);
                    OrderState order = orders.computeIfAbsent(id, key -> {
                        try {
                            return new OrderState(found.getString(2), found.getLong(3), found.getString(4),
                                    found.getLong(5), found.getString(6), new ArrayList<>());
                        }
                        catch (SQLException ex) {
                            throw new IllegalStateException(ex);
                        }
                    });
                    if (found.getObject(7) != null) {
                        order.lines().add(new OrderState.Line(found.getInt(7), found.getString(8),
                                found.getString(9), found.getInt(10), (Long) found.getObject(11, Long.class)));
                    }
                }
            }
            List<StoredRow> rows = new ArrayList<>();
            orders.forEach((id, order) -> {
                Map<String, @Nullable String> values = new LinkedHashMap<>();
                values.put(column, order.toString());
                rows.add(new StoredRow(id, order.identity(), values));
            });
            return new DatabaseState(name, History.Entity.ORDER, rows);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read the orders of " + database + ": " + ex.getMessage(), ex);
        }
    }

    private DatabaseState database(String name, String query, String like, String... columns) {
        try (Connection connection = DriverManager.getConnection(layout.jdbcUrl(name), "postgres", "");
                PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, like);
            List<StoredRow> rows = new ArrayList<>();
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    Map<String, @Nullable String> values = new LinkedHashMap<>();
                    for (int i = 0; i < columns.length; i++) {
                        values.put(columns[i], found.getString(3 + i));
                    }
                    rows.add(new StoredRow(found.getLong(1), found.getString(2), values));
                }
            }
            return new DatabaseState(name, rows);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read " + name + ": " + ex.getMessage(), ex);
        }
    }

    private void writeReport(Path file, HistoryChecker.Verdict verdict, String summary, Duration took,
            long catchUp, @Nullable String stoppedEarly, List<String> gateDetails) {
        List<History.Operation> operations = history.operations();
        StringBuilder report = new StringBuilder();
        report.append("# History check report\n\n");
        report.append("Run `").append(run).append("` finished ").append(Instant.now()).append(" after ")
                .append(took.toSeconds()).append(" s (").append(settings.thorough() ? "long" : "short")
                .append(" schedule).\n\n");
        report.append("```\n").append(summary).append("\n```\n\n");
        if (stoppedEarly != null) {
            report.append("**The run stopped early:** ").append(stoppedEarly).append("\n\n");
            report.append(GatesDidNotHold.reportSection(gateDetails));
        }
        report.append("## Figures\n\n| figure | value |\n|---|---|\n");
        report.append("| operations | ").append(operations.size()).append(" |\n");
        Map<String, Long> byKind = new java.util.TreeMap<>(operations.stream().collect(Collectors.groupingBy(
                operation -> operation.kind().name().toLowerCase(Locale.ROOT) + " "
                        + operation.entity().name().toLowerCase(Locale.ROOT) + " via " + operation.via() + ", "
                        + operation.outcome().name().toLowerCase(Locale.ROOT), Collectors.counting())));
        byKind.forEach((kind, count) -> report.append("| ").append(kind).append(" | ").append(count).append(" |\n"));
        report.append("| plan moves (flips) | ").append(history.count(History.EventKind.FLIP)).append(" |\n");
        report.append("| faults (kills) | ").append(history.count(History.EventKind.FAULT)).append(" |\n");
        report.append("| catch-up after the last kill | ").append(catchUp < 0 ? "did not catch up within "
                + settings.catchUpTimeout().toSeconds() + " s" : catchUp + " ms").append(" |\n\n");
        report.append("Catch-up is the time from the end of the load (right after the last fault, a kill -9 of "
                + "cdc-sync, and its restart) until every database holds what the history allows.\n\n");
        report.append("## What the clients were told when an operation failed or was left in doubt\n\n"
                + "| outcome | via | answer | operations |\n|---|---|---|---|\n");
        Map<String, Long> answers = new java.util.TreeMap<>(operations.stream()
                .filter(operation -> operation.outcome() != History.Outcome.OK)
                .collect(Collectors.groupingBy(operation -> operation.outcome().name().toLowerCase(Locale.ROOT)
                        + " | " + operation.via() + " | " + answer(operation.detail()), Collectors.counting())));
        answers.forEach((answer, count) -> report.append("| ").append(answer).append(" | ").append(count)
                .append(" |\n"));
        report.append("\n## Plan moves\n\n");
        moves.forEach(move -> report.append("- ").append(move).append('\n'));
        report.append("\n## Faults\n\n");
        history.events().stream().filter(event -> event.kind() == History.EventKind.FAULT)
                .forEach(event -> report.append("- ").append(event).append('\n'));
        report.append("\n## Anomalies\n\n");
        if (!verdict.clean()) {
            report.append("| database | anomaly | keys |\n|---|---|---|\n");
            new java.util.TreeMap<>(verdict.anomalies().stream().collect(Collectors.groupingBy(anomaly ->
                    anomaly.database() + " | " + anomaly.kind().name().toLowerCase(Locale.ROOT),
                    Collectors.counting()))).forEach((kind, count) -> report.append("| ").append(kind).append(" | ")
                            .append(count).append(" |\n"));
            report.append('\n');
        }
        if (verdict.clean()) {
            report.append("None: every row holds the last acknowledged write (or an indeterminate one after it), no "
                    + "acknowledged create is missing, no acknowledged delete is resurrected, no row holds a value "
                    + "that no one wrote.\n");
        }
        else {
            report.append("The smallest counter-example of each kind:\n\n```\n");
            verdict.smallestCounterExamples().forEach(anomaly -> report.append(anomaly.counterExample())
                    .append("\n\n"));
            report.append("```\n");
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, report.toString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write the report " + file, ex);
        }
    }

    /** An answer without what varies from one operation to the next (ids, versions), so that alike ones count up. */
    private static String answer(String detail) {
        return detail.replaceAll("[0-9]+", "N").replace("|", "/");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The history check was interrupted", ex);
        }
    }
}
