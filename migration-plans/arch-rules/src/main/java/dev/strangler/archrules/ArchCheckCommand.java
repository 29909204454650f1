package dev.strangler.archrules;

import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.plan.PlanHeader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code archcheck CLASSES}: checks a classes directory or a jar against the migration rules and prints every
 * violation with its rule, reason, class and line. Exit code 0 when clean, 1 with violations, 2 for bad input.
 * The {@code strangler} CLI's own {@code archcheck} takes the classes and the plans from the stack file instead.
 */
@Command(name = "archcheck", mixinStandardHelpOptions = true,
        description = "Checks compiled code against the migration architecture rules and prints every violation.")
public final class ArchCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CLASSES", description = "a classes directory or a jar")
    @SuppressWarnings("NullAway.Init") // set by picocli
    private Path classes;

    @Option(names = "--plans", paramLabel = "DIR",
            description = "directory of plan files (default: -Dstrangler.plans, else the nearest migration-plans/plans)")
    private @Nullable Path plansDirectory;

    @Option(names = "--plan", paramLabel = "NAME", description = "check against this plan only")
    private @Nullable String planName;

    @Option(names = "--no-plans", description = "ignore plans: module rules only, base package inferred")
    private boolean noPlans;

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling, for embedding in a larger CLI and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ArchCheckCommand()).setExecutionExceptionHandler((ex, line, parsed) -> {
            // Bad input is the user's to fix: say what is wrong, without a stack trace.
            line.getErr().println("archcheck: " + ex.getMessage());
            return 2;
        });
    }

    @Override
    public Integer call() {
        ArchReport report = ArchCheck.run(classes, plans());
        spec.commandLine().getOut().print(report.text());
        spec.commandLine().getOut().flush();
        return report.passed() ? 0 : 1;
    }

    private List<PlanHeader> plans() {
        if (noPlans) {
            return List.of();
        }
        PlanFiles files = new PlanFiles();
        List<PlanHeader> plans = (plansDirectory != null ? files.loadAll(plansDirectory)
                : PlanFiles.locateDirectory().map(files::loadAll).orElse(List.of())).stream()
                .map(MigrationPlan::header).toList();
        return planName == null ? plans : ArchCheck.named(plans, planName);
    }
}
