package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import dev.strangler.plans.walkthrough.Walkthrough;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strangler walkthrough}: the whole migration of the sample shop, live, in a few minutes. */
@Command(name = "walkthrough", mixinStandardHelpOptions = true,
        description = {"Start the sample shop's stack (the kit's own strangler.yaml, or --stack) on fresh state "
                + "(<home>/walkthrough), drive a steady load of reads and "
                + "writes through the proxy, and walk every plan through every phase: each advance only when the "
                + "gates hold, one refused advance and one rollback on purpose. Prints what changed, the traffic "
                + "split, shadow diffs, sync lag, the verifier and the gates; ends with a summary and a check that "
                + "every acknowledged write is on the side that owns it and synced to the other.",
                "Ctrl-C stops everything; nothing is left running. Exit 0 when every plan was walked and no write "
                        + "was lost."})
final class WalkthroughCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--plans", paramLabel = "DIR",
            description = "Directory of plan files (default: the shop's stack file's).")
    Path plans;

    @Option(names = "--reads-per-second", paramLabel = "N", description = "Client reads (default: ${DEFAULT-VALUE}).")
    int readsPerSecond = 15;

    @Option(names = "--writes-per-second", paramLabel = "N",
            description = "Client customer writes (default: ${DEFAULT-VALUE}).")
    int writesPerSecond = 3;

    @Option(names = "--phase-timeout", paramLabel = "SECONDS",
            description = "Give up when a phase's gates do not hold within this (default: ${DEFAULT-VALUE}).")
    int phaseTimeoutSeconds = 90;

    @Option(names = "--plan", paramLabel = "NAME", split = ",",
            description = "Plans to walk, in order (default: customers,orders).")
    List<String> planNames = List.of("customers", "orders");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        // A walkthrough starts from a fresh clone's state.
        Stack stack = options.freshStack(console, "walkthrough");
        Walkthrough.Settings defaults = Walkthrough.Settings.defaults(plans != null ? plans
                : stack.layout().planFiles().orElseThrow(() -> new IllegalArgumentException(
                        stack.layout().stack().file() + " names no 'plans:' directory")));
        Walkthrough.Settings settings = new Walkthrough.Settings(defaults.plans(), planNames, readsPerSecond,
                writesPerSecond, Duration.ofSeconds(phaseTimeoutSeconds), defaults.minimumDwell(),
                defaults.seededCustomers(), defaults.seededOrders(), defaults.actor());
        return new Walkthrough(stack, console, settings).run();
    }
}
