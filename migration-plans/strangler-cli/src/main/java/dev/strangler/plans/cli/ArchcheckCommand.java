package dev.strangler.plans.cli;

import dev.strangler.archrules.ArchCheck;
import dev.strangler.archrules.ArchReport;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.plan.PlanHeader;
import dev.strangler.plans.stack.StackLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler archcheck [CLASSES]}: the rule pack's architecture check ({@link ArchCheck}) on the stack's
 * monolith, with the stack's plans. The classes and the plans come from the stack file like every other command's
 * settings; only the plans it names are used, never the sample shop's, so that a monolith with no plan gets the
 * generic rules and a report that says so.
 */
@Command(name = "archcheck", mixinStandardHelpOptions = true,
        description = {"Check compiled code against the migration architecture rules and print every violation with "
                + "its rule, reason, class and line. Exit 0 clean, 1 violations (or nothing checked), 2 bad input.",
                "Classes and plans come from the stack file (monolith.classes, plans:); without a plan only the "
                        + "generic rules run (module cycles, module APIs), and the report says so."})
final class ArchcheckCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CLASSES",
            description = "A classes directory or a jar (default: the stack file's monolith.classes).")
    @Nullable Path classes;

    @Option(names = "--plans", paramLabel = "DIR",
            description = "Directory of plan files (default: the stack file's plans; none without a stack file).")
    @Nullable Path plansDirectory;

    @Option(names = "--plan", paramLabel = "NAME", description = "Check against this plan only.")
    @Nullable String planName;

    @Option(names = "--no-plans", description = "Ignore the plans: the generic rules only, base package inferred.")
    boolean noPlans;

    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArchReport report = ArchCheck.run(classes(), plans());
        PlanCommand.console(spec).line(report.text().stripTrailing());
        return report.passed() ? 0 : StranglerCli.NO;
    }

    private Path classes() {
        if (classes != null) {
            return classes;
        }
        return stackLayout().flatMap(StackLayout::monolithClasses).orElseThrow(() -> new IllegalArgumentException(
                "Name the classes to check: strangler archcheck CLASSES (a classes directory or a jar), or "
                        + "monolith.classes in the stack file"
                        + stack.stackFile().map(file -> " (" + file + ")").orElse("")));
    }

    private List<PlanHeader> plans() {
        if (noPlans) {
            return List.of();
        }
        Optional<Path> directory = plansDirectory != null ? Optional.of(plansDirectory)
                : stackLayout().flatMap(StackLayout::planFiles);
        List<PlanHeader> plans = directory.map(new PlanFiles()::loadAll).orElse(List.of()).stream()
                .map(MigrationPlan::header).toList();
        return planName == null ? plans : ArchCheck.named(plans, planName);
    }

    /** The stack's layout when there is a stack file; archcheck also runs without one, on what it is given. */
    private Optional<StackLayout> stackLayout() {
        return stack.stackFile().map(file -> stack.layout());
    }
}
