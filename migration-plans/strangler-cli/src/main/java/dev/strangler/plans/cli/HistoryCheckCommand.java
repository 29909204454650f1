package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.history.HistoryRun;
import dev.strangler.plans.stack.Stack;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strangler history-check}: the history check on the whole stack, short or long. */
@Command(name = "history-check", mixinStandardHelpOptions = true,
        description = {"Start the whole stack on fresh state (<home>/history), write customers and orders at random "
                + "(creates, updates, deletes; orders placed and cancelled) through the proxy and, while the monolith "
                + "is the writer, straight into its database; move the customers and orders plans through every "
                + "phase, roll back from cutover and cut over again, while killing cdc-sync, the proxy, "
                + "customer-service and (--long) order-service holding writes, and the walsender; then check every "
                + "database against every acknowledged operation.",
                "Prints: history: N ops (ok A, failed F, indeterminate I), flips X, kills K, lost 0, overwritten 0, "
                        + "resurrected 0, phantom 0, catch-up after last kill T ms. Exit 0 when nothing is lost, "
                        + "overwritten, resurrected or phantom."})
final class HistoryCheckCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--plans", paramLabel = "DIR", description = "Directory of plan files (default: the shop's stack file's).")
    Path plans;

    @Option(names = "--long", description = "The long run: 32 faults and at least 10,000 operations (some 15 to 30 "
            + "minutes on 2 cores); without it, the short run of ./mvnw verify (5 faults).")
    boolean thorough;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write a markdown report here (default with --long: history-report.md).")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        Stack stack = options.freshStack(console, "history");
        Path planDirectory = plans != null ? plans : stack.layout().planFiles().orElseThrow(() ->
                new IllegalArgumentException(stack.layout().stack().file() + " names no 'plans:' directory"));
        Path reportFile = report != null ? report : thorough ? Path.of("history-report.md") : null;
        HistoryRun.Settings settings = thorough ? HistoryRun.Settings.thorough(planDirectory,
                reportFile.toAbsolutePath())
                : withReport(HistoryRun.Settings.quick(planDirectory), reportFile);
        return new HistoryRun(stack, console, settings).run().passed() ? 0 : 1;
    }

    private static HistoryRun.Settings withReport(HistoryRun.Settings settings, Path report) {
        return report == null ? settings : new HistoryRun.Settings(settings.plans(), settings.walked(),
                settings.thorough(),
                settings.minimumOperations(), settings.writers(), settings.writePause(), settings.dwell(),
                settings.phaseTimeout(), settings.catchUpTimeout(), report.toAbsolutePath());
    }
}
