package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.stack.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strangler down}: stop every app and the stack's PostgreSQL. Data stays. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop every app this stack's 'up' started (proxy first) and its embedded PostgreSQL. Data is kept "
                + "for the next 'up'.")
final class DownCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    private final Console console = Console.system();

    @Override
    public Integer call() {
        Stack stack = options.stack(console);
        stack.down();
        console.line("The stack " + stack.layout().stack().name() + " is down; data is kept in "
                + stack.layout().home());
        return 0;
    }
}
