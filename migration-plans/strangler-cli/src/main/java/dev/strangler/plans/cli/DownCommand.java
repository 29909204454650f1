package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strangler down}: stop every app and the stack's PostgreSQL. Data stays. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop every app (proxy first) and the stack's PostgreSQL. Data is kept for the next 'up'.")
final class DownCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    private final Console console = Console.system();

    @Override
    public Integer call() {
        options.stack(console).down();
        console.line("The stack is down; data is kept in " + options.layout().home());
        return 0;
    }
}
