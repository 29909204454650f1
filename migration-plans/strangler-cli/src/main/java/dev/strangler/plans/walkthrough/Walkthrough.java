package dev.strangler.plans.walkthrough;

import dev.strangler.plans.admin.AdminClient;
import dev.strangler.plans.admin.AdminTokens;
import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.plan.Gates;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.plan.PlanPhase;
import dev.strangler.plans.plan.SyncDirection;
import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.Figures;
import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanState;
import dev.strangler.plans.runner.PlanStates;
import dev.strangler.plans.runner.PlanStep;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.stack.StackLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler walkthrough}: starts the whole stack, drives a steady load of reads and writes through the proxy,
 * walks every plan through every phase (advance only when the gates hold, one refused advance and one rollback
 * shown on purpose), and ends with a summary and a check that every acknowledged write is on the side that owns
 * it and synced to the other. Leaves nothing running, also when interrupted.
 */
public final class Walkthrough {

    /** How often an advance refused right after its gates held is waited for again before the walk stops. */
    private static final int MOVE_ATTEMPTS = 5;

    /**
     * How the walkthrough runs.
     *
     * @param plans the plan files
     * @param planNames the plans to walk, in order
     * @param readsPerSecond client reads through the proxy
     * @param writesPerSecond client writes through the proxy
     * @param phaseTimeout how long a phase may take for its gates to hold before the walkthrough gives up
     * @param minimumDwell how long each phase runs at least, so that its traffic shows
     * @param seededCustomers how many customers the monolith seeds (ids 1..n)
     * @param seededOrders how many orders the monolith seeds (ids 1..n)
     */
    public record Settings(Path plans, List<String> planNames, int readsPerSecond, int writesPerSecond,
            Duration phaseTimeout, Duration minimumDwell, int seededCustomers, int seededOrders, String actor) {

        public static Settings defaults(Path plans) {
            return new Settings(plans, List.of("customers", "orders"), 15, 3, Duration.ofSeconds(90),
                    Duration.ofSeconds(4), 50, 100, "walkthrough");
        }
    }

    private record Row(String plan, String phase, String changed, String reads, String shadow, String lag,
            String verifier, String gates) {
    }

    private final Stack stack;
    private final StackLayout layout;
    private final Console console;
    private final Settings settings;
    private final List<Row> rows = new ArrayList<>();
    private final Set<String> unavailableSaid = new HashSet<>();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private @Nullable LoadDriver load;

    public Walkthrough(Stack stack, Console console, Settings settings) {
        this.stack = stack;
        this.layout = stack.layout();
        this.console = console;
        this.settings = settings;
    }

    /** Runs the walkthrough; 0 when every plan reached its last phase and no acknowledged write is lost. */
    public int run() {
        long started = System.nanoTime();
        List<Integer> taken = layout.ports().stream().filter(port -> !free(port)).toList();
        if (!taken.isEmpty()) {
            console.problem("Ports " + taken + " are in use (another stack?). Stop it ('strangler down') or run the "
                    + "walkthrough on other ports: strangler walkthrough --port-offset 100");
            return 1;
        }
        Thread cleanup = new Thread(this::cleanUp, "walkthrough-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return walk(started);
        }
        finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            catch (IllegalStateException ex) {
                // The JVM is already shutting down (Ctrl-C): the hook runs, and finds everything stopped.
            }
            console.line("");
            console.line("Walkthrough took " + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                    + " s; nothing is left running. State and logs: " + layout.home());
        }
    }

    private int walk(long started) {
        List<MigrationPlan> plans = new ArrayList<>();
        PlanFiles files = new PlanFiles();
        for (String name : settings.planNames()) {
            plans.add(files.named(settings.plans(), name));
        }
        heading("1. The stack: one PostgreSQL (shop, customers, orders) and every app; the monolith seeds itself");
        List<Component> failed = stack.up();
        if (!failed.isEmpty()) {
            console.problem("Not ready: " + failed.stream().map(Component::name).toList() + "; logs in "
                    + layout.logs());
            return 1;
        }
        console.line("Up after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s. Proxy "
                + layout.proxyUrl() + ", admin " + layout.proxyAdminUrl() + ", cdc-sync " + layout.syncAdminUrl());
        Engines engines = engines();
        PlanStates states = new PlanStates(layout.plans());
        PlanRunner runner = new PlanRunner(engines, states, settings.actor(), Clock.systemUTC());

        heading("2. Client load through the proxy: " + settings.readsPerSecond() + " reads/s by 100 callers, "
                + settings.writesPerSecond() + " writes/s (customers; half of them orders while the orders plan walks);"
                + " every acknowledged write is recorded");
        LoadDriver driver = new LoadDriver(layout.proxyUrl(), settings.seededCustomers(), settings.seededOrders());
        load = driver;
        driver.start(settings.readsPerSecond(), settings.writesPerSecond());

        boolean allWalked = true;
        int step = 3;
        for (MigrationPlan plan : plans) {
            heading(step++ + ". Plan " + plan.name() + " → " + plan.service() + ": " + plan.why());
            if (engines.pipeline(plan.pipeline()).isEmpty()) {
                console.problem("cdc-sync has no '" + plan.pipeline() + "' pipeline (GET /pipelines/"
                        + plan.pipeline() + " answered 404), so " + plan.service() + " would hold no data: the walk "
                        + "of " + plan.name() + " stops here");
                allWalked = false;
                break;
            }
            driver.readOrdersToo(plan.name().equals("orders"));
            driver.writeOrdersToo(plan.name().equals("orders"));
            if (!walk(plan, runner, engines, states)) {
                allWalked = false;
                break;
            }
        }

        heading(step + ". Stop the load; check every acknowledged write");
        driver.close();
        LoadDriver.Counts counts = driver.counts();
        console.line("client: " + counts.reads() + " reads (" + counts.readFailures() + " failed), answered by "
                + counts.answeredBy() + "; " + counts.writes() + " writes acknowledged, " + counts.writeFailures()
                + " failed, " + counts.writesRefused() + " refused (4xx, not acknowledged)");
        boolean noneLost = checkAcknowledgedWrites(driver.acknowledged(), plans, states);

        heading("Summary");
        console.table(List.of("PLAN", "PHASE", "CHANGED", "READS BY BACKEND", "SHADOW", "SYNC LAG", "VERIFIER",
                "GATES"), rows.stream().map(row -> List.of(row.plan(), row.phase(), row.changed(), row.reads(),
                        row.shadow(), row.lag(), row.verifier(), row.gates())).toList());
        return allWalked && noneLost ? 0 : 1;
    }

    /** Walks one plan through every phase; false when a phase could not be reached. */
    private boolean walk(MigrationPlan plan, PlanRunner runner, Engines engines, PlanStates states) {
        boolean refusalShown = false;
        boolean rollbackShown = false;
        int refusedAfterWait = 0;
        while (true) {
            PlanState state = states.read(plan.name());
            if (state.phaseIndex() + 1 >= plan.phases().size()) {
                pause(settings.minimumDwell());
                PlanPhase last = plan.phase(state.phaseIndex());
                // The monolith's classes as the stack file names them (the shop's: built next to the kit).
                PlanRunner retire = new PlanRunner(engines, states, settings.actor(), Clock.systemUTC(),
                        layout.monolithClasses().orElse(null));
                if (last.gates().decommissions()) {
                    retire = retireCheck(plan, retire, engines, states);
                    if (retire == null) {
                        return false;
                    }
                }
                phaseReport(plan, last, retire.gates(plan, last, state), engines, state);
                console.line(plan.name() + ": last phase reached (" + state.phase() + ")");
                return true;
            }
            List<GateResult> gates = List.of();
            if (state.started()) {
                gates = awaitGates(plan, plan.phase(state.phaseIndex()), runner, engines, states);
                if (gates == null) {
                    return false;
                }
            }
            PlanRunner.Outcome outcome = runner.advance(plan, new PlanRunner.Options(false, true));
            if (outcome.result() == PlanRunner.Result.REFUSED && ++refusedAfterWait < MOVE_ATTEMPTS) {
                // A gate slipped between the wait and the move (a saga's order still PENDING makes the verifier
                // see an extra row for a moment): the runner refused and changed nothing, so wait for the gates again.
                console.progress("advance refused, waiting for the gates again: " + outcome.message());
                continue;
            }
            if (!outcome.ok()) {
                console.problem("advance refused: " + outcome.message());
                return false;
            }
            refusedAfterWait = 0;
            transition("advance", outcome);
            PlanPhase entered = plan.phase(states.read(plan.name()).phaseIndex());
            if (!refusalShown && entered.gates().shadowComparedAtLeast() != null) {
                refusalShown = true;
                PlanRunner.Outcome refused = runner.advance(plan, new PlanRunner.Options(false, true));
                console.line("  advancing at once is refused, as it should be: " + refused.message());
                rows.add(new Row(plan.name(), "(advance at once)", "refused", "-", "-", "-", "-",
                        refused.gates().stream().filter(gate -> gate.verdict() == GateResult.Verdict.FAILED)
                                .map(gate -> gate.gate() + " " + gate.figure() + " (bound " + gate.bound() + ")")
                                .findFirst().orElse(refused.message())));
            }
            if (!rollbackShown && outcome.steps().stream().anyMatch(s -> s.kind() == PlanStep.Kind.SYNC_SWITCH)) {
                rollbackShown = true;
                pause(settings.minimumDwell());
                console.line("  rollback demonstration: writes go back to the monolith, sync back to FORWARD");
                PlanRunner.Outcome back = runner.rollback(plan, new PlanRunner.Options(false, true));
                if (!back.ok()) {
                    console.problem("rollback failed: " + back.message());
                    return false;
                }
                transition("rollback", back);
            }
        }
    }

    /**
     * Ends a plan with {@code strangler plan retire-check}: at once (refused while the window still holds the monolith
     * traffic of the phases before, and while the monolith still holds the module's writers), then until the windowed
     * gates hold. Then the module is deleted as a team would delete it, on a copy of the monolith's classes (the
     * walkthrough's monolith keeps its code, see {@link ModuleDeletion}), and the check must hold on what is left.
     *
     * @return the runner whose check holds (on the classes without the module); null when the windowed gates did not
     *         hold within the phase timeout plus the longest window, or the check failed after the deletion
     */
    private @Nullable PlanRunner retireCheck(MigrationPlan plan, PlanRunner runner, Engines engines,
            PlanStates states) {
        PlanRunner.RetireCheck first = runner.retireCheck(plan);
        printRetireCheck(plan, first, "at once");
        Gates gates = plan.phase(plan.phases().size() - 1).gates();
        Duration longest = Stream.of(gates.monolithRequestsAtMost(), gates.strayWritesAtMost())
                .filter(Objects::nonNull).map(Gates.CountInWindow::window).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        long deadline = System.nanoTime() + settings.phaseTimeout().plus(longest).toNanos();
        PlanRunner.RetireCheck check = first;
        while (!windowClean(check)) {
            if (System.nanoTime() >= deadline) {
                printRetireCheck(plan, check, "given up");
                console.problem("  the window of " + check.phase() + " did not become clean within "
                        + settings.phaseTimeout().plus(longest).toSeconds() + " s; stopping the walk of " + plan.name());
                return null;
            }
            console.progress(plan.name() + "/retire-check: " + String.join(", ", check.gates().stream()
                    .map(gate -> gate.gate() + " " + gate.verdict().name().toLowerCase(Locale.ROOT) + " ("
                            + gate.figure() + ")").toList()));
            pause(Duration.ofSeconds(2));
            check = runner.retireCheck(plan);
        }
        if (check != first) {
            printRetireCheck(plan, check, "once the window is clean");
        }
        PlanRunner deleted = runner;
        Optional<Path> monolithClasses = layout.monolithClasses();
        if (!check.holds() && gates.archRulesClean() && monolithClasses.isPresent()) {
            String module = plan.header().monolith().modulePackage();
            Path classes = ModuleDeletion.classesWithout(monolithClasses.get(), module,
                    layout.home().resolve("retired").resolve(plan.name()));
            console.line("  the team deletes " + module + " (and sets writesCutOver: true in the same commit);");
            console.line("  the walkthrough's monolith keeps its code, so the deletion is made on a copy: " + classes);
            deleted = new PlanRunner(engines, states, settings.actor(), Clock.systemUTC(), classes);
            check = deleted.retireCheck(plan);
            printRetireCheck(plan, check, "after the module's deletion");
        }
        rows.add(new Row(plan.name(), "retire-check", first == check ? "-" : "refused, then allowed", "-", "-", "-",
                "-", String.join(", ", check.gates().stream().map(gate -> gate.gate() + " "
                        + gate.verdict().name().toLowerCase(Locale.ROOT)).toList())));
        if (!check.holds()) {
            console.problem("  retire-check of " + plan.name() + " does not hold; stopping the walk of " + plan.name());
            return null;
        }
        return deleted;
    }

    /**
     * The gates that a running stack can satisfy hold: every gate but the write-cutover rule passed. An UNAVAILABLE one
     * (e.g. a window the proxy's traffic history does not cover yet) is not clean: it is waited for.
     */
    private static boolean windowClean(PlanRunner.RetireCheck check) {
        return check.gates().stream().allMatch(gate -> gate.verdict() == GateResult.Verdict.PASSED
                || gate.gate().equals("arch rules"));
    }

    private void printRetireCheck(MigrationPlan plan, PlanRunner.RetireCheck check, String when) {
        console.line("");
        console.line("▶ strangler plan retire-check " + plan.name() + " (" + when + "): "
                + (check.holds() ? "holds" : windowClean(check) ? "the window is clean" : "refused"));
        for (GateResult gate : check.gates()) {
            console.line("  gate " + gate.gate() + ": " + gate.verdict() + " — " + gate.figure() + " (bound "
                    + gate.bound() + ")");
            gate.details().stream().limit(5).forEach(detail -> console.line("    " + detail));
        }
    }

    /** Waits until the phase's gates hold (unavailable ones are said and skipped); null after the timeout. */
    private @Nullable List<GateResult> awaitGates(MigrationPlan plan, PlanPhase phase, PlanRunner runner,
            Engines engines, PlanStates states) {
        long start = System.nanoTime();
        long deadline = start + settings.phaseTimeout().toNanos();
        long dwellUntil = start + settings.minimumDwell().toNanos();
        long nextProgress = start;
        while (true) {
            PlanState state = states.read(plan.name());
            List<GateResult> gates = runner.gates(plan, phase, state);
            for (GateResult gate : gates) {
                if (gate.verdict() == GateResult.Verdict.UNAVAILABLE && unavailableSaid.add(gate.gate() + gate.figure())) {
                    console.problem("  " + gate.gate() + " gate UNAVAILABLE: " + gate.figure()
                            + " — the walkthrough skips this gate");
                }
            }
            boolean hold = gates.stream().noneMatch(gate -> gate.verdict() == GateResult.Verdict.FAILED);
            long now = System.nanoTime();
            if (hold && now >= dwellUntil) {
                phaseReport(plan, phase, gates, engines, state);
                return gates;
            }
            if (now >= deadline) {
                phaseReport(plan, phase, gates, engines, state);
                console.problem("  the gates of " + phase.name() + " did not hold within "
                        + settings.phaseTimeout().toSeconds() + " s; stopping the walk of " + plan.name());
                return null;
            }
            if (now >= nextProgress) {
                console.progress(plan.name() + "/" + phase.name() + " (" + Duration.ofNanos(now - start).toSeconds()
                        + " s): " + String.join(", ", gates.stream().map(gate -> gate.gate() + " "
                        + gate.verdict().name().toLowerCase(Locale.ROOT) + " (" + gate.figure() + ")").toList()));
                nextProgress = now + Duration.ofSeconds(3).toNanos();
            }
            pause(Duration.ofMillis(700));
        }
    }

    private void phaseReport(MigrationPlan plan, PlanPhase phase, List<GateResult> gates, Engines engines,
            PlanState state) {
        List<String> readRules = plan.endpoints().stream().filter(endpoint -> !endpoint.isWrite())
                .map(MigrationPlan.Endpoint::rule).toList();
        List<String> writeRules = plan.endpoints().stream().filter(MigrationPlan.Endpoint::isWrite)
                .map(MigrationPlan.Endpoint::rule).toList();
        List<String> shadowRules = phase.routes().entrySet().stream()
                .filter(route -> "SHADOW".equals(route.getValue().mode())).map(java.util.Map.Entry::getKey).toList();
        Figures since = engines.figures(shadowRules).since(state.baseline());
        String reads = split(since.byTarget(readRules));
        console.line("  traffic in " + phase.name() + ": reads " + reads + ", writes " + split(since.byTarget(
                writeRules)));
        String shadow = "-";
        for (Figures.Shadow figures : since.shadow().values()) {
            shadow = figures.compared() + " compared, " + figures.differed() + " differed, " + figures.failed()
                    + " failed";
            console.line("  shadow: " + shadow);
            figures.latestDiffs().stream().limit(3).forEach(diff -> console.line("    diff: " + diff));
        }
        String lag = engines.pipeline(plan.pipeline()).map(pipeline -> pipeline.lagMillis() + " ms "
                + pipeline.direction()).orElse("-");
        console.line("  sync " + plan.pipeline() + ": " + lag);
        String verifier = gates.stream().filter(gate -> gate.gate().equals("verifier")).findFirst()
                .map(gate -> gate.verdict() == GateResult.Verdict.UNAVAILABLE ? "unavailable" : gate.figure())
                .orElse("not a gate here");
        console.line("  verifier: " + verifier);
        gates.forEach(gate -> console.line("  gate " + gate.gate() + ": " + gate.verdict() + " — " + gate.figure()
                + " (bound " + gate.bound() + ")"));
        gates.forEach(gate -> gate.details().stream().limit(5).forEach(detail -> console.line("    " + detail)));
        rows.add(new Row(plan.name(), phase.name() + pendingLabel, pendingChanges, reads, shadow, lag, verifier, gates.isEmpty() ? "none"
                : gates.stream().allMatch(GateResult::passed) ? "all passed"
                : String.join(", ", gates.stream().filter(g -> !g.passed()).map(g -> g.gate() + " "
                        + g.verdict().name().toLowerCase(Locale.ROOT)).toList())));
    }

    private void transition(String action, PlanRunner.Outcome outcome) {
        console.line("");
        console.line("▶ " + action + " " + outcome.plan() + ": " + (outcome.from() == null ? "(not started)"
                : outcome.from()) + " → " + outcome.to());
        outcome.applied().forEach(step -> console.line("  changed: " + step));
        outcome.notes().forEach(note -> console.line("  note: " + note));
        if (outcome.applied().isEmpty()) {
            console.line("  changed: nothing (the engines already stood so)");
        }
        console.line("  why: " + outcome.message());
        // The changes of the phase just entered belong to its summary row, which is added when it ends.
        pendingChanges = changes(outcome);
        pendingLabel = action.equals("rollback") ? " (rolled back)" : "";
    }

    private String pendingChanges = "";
    private String pendingLabel = "";

    private static String changes(PlanRunner.Outcome outcome) {
        return outcome.applied().isEmpty() ? "nothing" : String.join("; ", outcome.applied().stream()
                .map(PlanStep::toString).toList());
    }

    /** Both databases hold the last acknowledged state of every customer and every order the client wrote. */
    private boolean checkAcknowledgedWrites(AcknowledgedWrites acknowledged, List<MigrationPlan> plans,
            PlanStates states) {
        boolean customersOwned = serviceOwns("customers", plans, states);
        URI customerOwner = customersOwned ? layout.serviceUrl("customer-service") : layout.monolithUrl();
        URI customerCopy = customersOwned ? layout.monolithUrl() : layout.serviceUrl("customer-service");
        boolean ordersOwned = serviceOwns("orders", plans, states);
        URI orderOwner = ordersOwned ? layout.serviceUrl("order-service") : layout.monolithUrl();
        URI orderCopy = ordersOwned ? layout.monolithUrl() : layout.serviceUrl("order-service");
        List<AcknowledgedWrites.Customer> written = acknowledged.customers();
        List<AcknowledgedWrites.Order> orders = acknowledged.orders();
        console.line(written.size() + " customers and " + orders.size() + " orders written (" + acknowledged.writes()
                + " acknowledged writes); customers owned by " + (customersOwned ? "customer-service" : "legacy-monolith")
                + ", orders by " + (ordersOwned ? "order-service" : "legacy-monolith")
                + "; each also checked on its synced copy");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> problems;
        while (true) {
            problems = new ArrayList<>();
            for (AcknowledgedWrites.Customer customer : written) {
                problems.addAll(compare("owner", customerOwner, customer));
                problems.addAll(compare("copy", customerCopy, customer));
            }
            for (AcknowledgedWrites.Order order : orders) {
                problems.addAll(compare("owner", orderOwner, order));
                problems.addAll(compare("copy", orderCopy, order));
            }
            if (problems.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            console.progress(problems.size() + " differences left, waiting for the sync to catch up");
            pause(Duration.ofSeconds(2));
        }
        if (problems.isEmpty()) {
            console.line("✓ every acknowledged write is on the owner and synced to the other side ("
                    + written.size() + " customers and " + orders.size() + " orders checked on both)");
            return true;
        }
        problems.stream().limit(20).forEach(problem -> console.problem(problem));
        console.problem(problems.size() + " acknowledged write(s) not found as acknowledged");
        return false;
    }

    /** Whether the plan's current phase syncs in reverse, i.e. its service is the writer of record. */
    private static boolean serviceOwns(String name, List<MigrationPlan> plans, PlanStates states) {
        MigrationPlan plan = plans.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        return plan != null && states.read(name).started()
                && plan.phase(states.read(name).phaseIndex()).sync() == SyncDirection.REVERSE;
    }

    private List<String> compare(String role, URI side, AcknowledgedWrites.Order expected) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(side.resolve("api/orders/"
                    + expected.id())).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of(role + " " + side + ": order " + expected.id() + " answered " + response.statusCode());
            }
            JsonNode actual = json.readTree(response.body());
            String found = actual.path("customerId").asLong() + " " + actual.path("status").asString() + " "
                    + actual.path("totalCents").asLong() + " cents, " + actual.path("lines").size() + " lines";
            String wanted = expected.customerId() + " " + expected.status() + " " + expected.totalCents() + " cents, "
                    + expected.lines() + " lines";
            return found.equals(wanted) ? List.of() : List.of(role + " " + side + ": order " + expected.id()
                    + " is '" + found + "', acknowledged '" + wanted + "'");
        }
        catch (IOException ex) {
            return List.of(role + " " + side + ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    private List<String> compare(String role, URI side, AcknowledgedWrites.Customer expected) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(side.resolve("api/customers/"
                    + expected.id())).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of(role + " " + side + ": customer " + expected.id() + " answered " + response.statusCode());
            }
            JsonNode actual = json.readTree(response.body());
            List<String> differences = new ArrayList<>();
            for (String[] field : new String[][] {{"firstName", expected.firstName()},
                    {"lastName", expected.lastName()}, {"email", expected.email()}}) {
                if (!field[1].equals(actual.path(field[0]).asString())) {
                    differences.add(role + " " + side + ": customer " + expected.id() + " " + field[0] + " is '"
                            + actual.path(field[0]).asString() + "', acknowledged '" + field[1] + "'");
                }
            }
            return differences;
        }
        catch (IOException ex) {
            return List.of(role + " " + side + ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    private Engines engines() {
        return engines(layout);
    }

    /** The engines' admin clients of a running stack, with the tokens the engines wrote to its home. */
    public static Engines engines(StackLayout layout) {
        AdminTokens tokens = new AdminTokens(layout.home());
        return new Engines(new AdminClient(layout.proxyAdminUrl(), tokens.require(AdminTokens.Engine.PROXY)),
                new AdminClient(layout.syncAdminUrl(), tokens.require(AdminTokens.Engine.SYNC)));
    }

    private void cleanUp() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        LoadDriver driver = load;
        if (driver != null) {
            driver.close();
        }
        console.progress("stopping the stack");
        stack.down();
    }

    private void heading(String text) {
        console.line("");
        console.line("━━ " + text);
    }

    private static String split(java.util.Map<String, Long> byTarget) {
        long all = byTarget.values().stream().mapToLong(Long::longValue).sum();
        if (all == 0) {
            return "none";
        }
        return String.join(" / ", byTarget.entrySet().stream().map(entry -> entry.getKey() + " "
                + Math.round(100.0 * entry.getValue() / all) + "% (" + entry.getValue() + ")").toList());
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The walkthrough was interrupted", ex);
        }
    }
}
