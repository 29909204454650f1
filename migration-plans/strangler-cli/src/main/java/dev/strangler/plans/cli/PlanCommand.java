package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.plan.PlanPhase;
import dev.strangler.plans.plan.RouteSetting;
import dev.strangler.plans.plan.SyncDirection;
import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanState;
import dev.strangler.plans.runner.PlanStep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler plan list|status|advance|rollback|retire-check}: move a migration plan one checked phase at a time
 * from the command line, through the same runner as the plan console (which {@code strangler up} starts) serves.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Migration plans: list them, see where one stands, advance it past its gates, roll it back. "
                + "The plan console ('strangler up' starts it) serves the same over HTTP and in the dashboard.",
        subcommands = {PlanCommand.ListPlans.class, PlanCommand.Status.class, PlanCommand.Advance.class,
                PlanCommand.Rollback.class, PlanCommand.RetireCheck.class})
final class PlanCommand {

    static Console console(CommandSpec spec) {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the plans (validated against plan.schema.json) with their phases and current phase.")
    static final class ListPlans implements Callable<Integer> {

        @Mixin
        EngineOptions engines;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Console console = console(spec);
            List<MigrationPlan> plans = new PlanFiles().loadAll(engines.plans());
            List<List<String>> rows = new ArrayList<>();
            for (MigrationPlan plan : plans) {
                PlanState state = engines.states().read(plan.name());
                rows.add(List.of(plan.name(), plan.service(), plan.pipeline(),
                        state.started() ? state.phase() + " (" + (state.phaseIndex() + 1) + "/" + plan.phases().size()
                                + ")" : "not started",
                        String.join(" → ", plan.phases().stream().map(PlanPhase::name).toList())));
            }
            console.table(List.of("PLAN", "SERVICE", "PIPELINE", "PHASE", "PHASES"), rows);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a plan's current phase, its routes and sync as they are now, and how the current "
                    + "phase's gates decide on live figures. Exit 1 when a gate does not pass.")
    static final class Status implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PLAN", description = "The plan's name, e.g. customers.")
        String name;

        @Mixin
        EngineOptions engines;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Console console = console(spec);
            MigrationPlan plan = new PlanFiles().named(engines.plans(), name);
            PlanRunner.Status status = engines.runner().status(plan);
            PlanState state = status.state();
            console.line("plan " + plan.name() + " (" + plan.service() + "): " + (state.started()
                    ? "phase " + state.phase() + " (" + (state.phaseIndex() + 1) + " of " + plan.phases().size()
                            + ") since " + state.enteredAt() + " by " + state.actor()
                    : "not started; 'strangler plan advance " + plan.name() + "' applies " + plan.phase(0).name()));
            if (status.phase() != null) {
                console.line("  why: " + status.phase().why());
            }
            List<List<String>> routes = new ArrayList<>();
            status.routes().forEach((rule, view) -> routes.add(List.of(rule, view.toString(), status.phase() == null
                    ? "-" : status.phase().routes().get(rule).toString())));
            console.table(List.of("RULE", "NOW", "PLANNED"), routes);
            console.line("sync " + plan.pipeline() + ": " + (status.pipeline() == null ? "cdc-sync has no such pipeline"
                    : status.pipeline().where() + " " + status.pipeline().direction() + ", lag "
                            + status.pipeline().lagMillis() + " ms") + (status.phase() == null ? ""
                    : " (planned " + status.phase().sync() + ")"));
            engines.engines().strayWriteSummary(plan.pipeline()).ifPresent(stray -> {
                console.line("stray writes on " + plan.pipeline() + " (writes to the shared tables not made by sync): "
                        + stray.count() + (stray.writes().isEmpty() ? "" : ", latest:"));
                stray.writes().stream().limit(5).forEach(write -> console.line("  " + write));
            });
            console.line("traffic since the phase began: " + status.sincePhase().byTarget(
                    plan.endpoints().stream().map(MigrationPlan.Endpoint::rule).toList()));
            printGates(console, status.gates());
            console.line(status.next() == null ? "last phase: nothing to advance to"
                    : "next: " + status.next().name() + " — " + status.next().why());
            List<String> drift = drift(plan, status);
            // The engines not doing what the plan's phase says is a "no" as much as a failing gate.
            drift.forEach(console::problem);
            return drift.isEmpty() && status.gates().stream().allMatch(GateResult::passed) ? 0 : StranglerCli.NO;
        }

        /** Where the live routes and sync differ from what the current phase sets; empty before the first phase. */
        private static List<String> drift(MigrationPlan plan, PlanRunner.Status status) {
            PlanPhase phase = status.phase();
            List<String> drift = new ArrayList<>();
            if (phase == null) {
                return drift;
            }
            status.routes().forEach((rule, now) -> {
                RouteSetting planned = phase.routes().get(rule);
                if (planned != null && !(planned.mode().equals(now.mode())
                        && (!planned.isCanary() || planned.percent() == now.percent()))) {
                    drift.add(rule + " is " + now + ", the plan's phase " + phase.name() + " sets " + planned);
                }
            });
            Engines.PipelineView pipeline = status.pipeline();
            if (pipeline == null) {
                drift.add("cdc-sync has no pipeline " + plan.pipeline() + ", which the plan syncs through");
            }
            else if (phase.sync() == SyncDirection.STOPPED ? "RUNNING".equals(pipeline.state())
                    : !phase.sync().name().equals(pipeline.direction())) {
                drift.add("sync " + plan.pipeline() + " is " + pipeline.state() + " " + pipeline.direction()
                        + ", the plan's phase " + phase.name() + " sets " + phase.sync());
            }
            return drift;
        }
    }

    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = {"Check the current phase's gates against live figures from the proxy and cdc-sync, then "
                    + "apply the next phase through their admin APIs and record it. Refuses (exit 1) when a gate "
                    + "fails, printing the figure and its bound.",
                    "A direction change of the sync runs prepare-switch, then the route flips, then switch, so no "
                            + "write is lost."})
    static final class Advance implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PLAN", description = "The plan's name, e.g. customers.")
        String name;

        @Option(names = "--dry-run", description = "Check the gates and print what would change; change nothing.")
        boolean dryRun;

        @Option(names = "--allow-unavailable-gates", description = "Advance although a gate's figure cannot be "
                + "had (e.g. this cdc-sync has no verifier); failing gates still refuse.")
        boolean allowUnavailable;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why you advance now; goes to the engines and "
                + "into the audit log next to the phase's own why.")
        @Nullable String reason;

        @Mixin
        EngineOptions engines;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MigrationPlan plan = new PlanFiles().named(engines.plans(), name);
            PlanRunner.Outcome outcome = engines.runner().advance(plan, new PlanRunner.Options(dryRun,
                    allowUnavailable, reason));
            return report(console(spec), outcome);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Go back one phase: routes and sync direction as the previous phase sets them. Rolling "
                    + "back a write cutover runs prepare-switch to FORWARD, flips writes back to the monolith, then "
                    + "switch, so no write is lost. No gates are checked: rollback is the way out."})
    static final class Rollback implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PLAN", description = "The plan's name, e.g. customers.")
        String name;

        @Option(names = "--dry-run", description = "Print what would change; change nothing.")
        boolean dryRun;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why you roll back; goes to the engines and "
                + "into the audit log.")
        @Nullable String reason;

        @Mixin
        EngineOptions engines;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MigrationPlan plan = new PlanFiles().named(engines.plans(), name);
            PlanRunner.Outcome outcome = engines.runner().rollback(plan, new PlanRunner.Options(dryRun, true, reason));
            return report(console(spec), outcome);
        }
    }

    @Command(name = "retire-check", mixinStandardHelpOptions = true,
            description = {"Prove the monolith's module of a plan dead: decide the last phase's decommission gates "
                    + "now and print each with its figures (monolith requests in the window per endpoint, stray "
                    + "writes in the window with the latest ones, the write-cutover rule on the monolith's classes).",
                    "Exit 0 only when the plan is in its last phase and every gate passes; 1 otherwise (an "
                            + "UNAVAILABLE gate is not a pass)."})
    static final class RetireCheck implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PLAN", description = "The plan's name, e.g. customers.")
        String name;

        @Mixin
        EngineOptions engines;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Console console = console(spec);
            MigrationPlan plan = new PlanFiles().named(engines.plans(), name);
            PlanRunner.RetireCheck check = engines.runner().retireCheck(plan);
            console.line("retire-check " + plan.name() + ": the gates of its last phase, " + check.phase()
                    + (check.inLastPhase() ? "" : " (the plan is in " + (check.current() == null ? "no phase"
                            : check.current()) + ", so the monolith is still meant to serve)"));
            if (check.gates().isEmpty()) {
                console.line("  " + check.phase() + " has no gates: nothing proves the module dead");
            }
            printGates(console, check.gates());
            if (check.holds()) {
                console.line(plan.name() + ": retire holds; the monolith's module of this plan may be deleted");
                return 0;
            }
            console.problem(plan.name() + ": retire does not hold; keep the monolith's module");
            return StranglerCli.NO;
        }
    }

    static int report(Console console, PlanRunner.Outcome outcome) {
        printGates(console, outcome.gates());
        for (PlanStep step : outcome.steps()) {
            boolean made = outcome.applied().contains(step);
            console.line((outcome.result() == PlanRunner.Result.WOULD_APPLY ? "  would: " : made ? "  done:  "
                    : "  not done: ") + step);
        }
        outcome.notes().forEach(note -> console.line("  note: " + note));
        if (outcome.ok()) {
            console.line(switch (outcome.result()) {
                case ADVANCED -> "advanced " + outcome.plan() + ": " + from(outcome) + " → " + outcome.to();
                case ROLLED_BACK -> "rolled back " + outcome.plan() + ": " + from(outcome) + " → " + outcome.to();
                case COMPLETE -> outcome.message();
                default -> "dry run: " + outcome.plan() + " would move " + from(outcome) + " → " + outcome.to()
                        + "; nothing changed";
            });
            return 0;
        }
        console.problem(outcome.message());
        return StranglerCli.NO;
    }

    /** The phase a move starts from; a plan's first advance starts from none. */
    private static String from(PlanRunner.Outcome outcome) {
        return outcome.from() == null ? "(not started)" : outcome.from();
    }

    static void printGates(Console console, List<GateResult> gates) {
        if (gates.isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (GateResult gate : gates) {
            rows.add(List.of(gate.gate(), gate.verdict().name(), gate.figure(), gate.bound()));
        }
        console.table(List.of("GATE", "VERDICT", "FIGURE", "BOUND"), rows);
        gates.forEach(gate -> gate.details().forEach(detail -> console.line("  " + gate.gate() + ": " + detail)));
    }
}
